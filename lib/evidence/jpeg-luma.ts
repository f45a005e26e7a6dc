/**
 * The luminance (Y) plane of a baseline JPEG, decoded without the colour planes: what the leak
 * scanner needs to look for a QR code in a screencast frame, at about a fifth of the cost of a full
 * RGBA decode (the chroma blocks are entropy-decoded and dropped, never transformed; there is no
 * upsampling or colour conversion; flat blocks skip the inverse DCT).
 *
 * It reads what Chromium's screencast writes: 8-bit baseline Huffman JPEG, one interleaved scan
 * (or a single component), any sampling factors where Y has the highest, restart intervals. For
 * anything else (progressive, arithmetic, 12-bit, several scans, an RGB or CMYK JPEG) it returns
 * null and the caller decodes the image in full. A damaged stream throws.
 *
 * Kept, rather than a library, because it is clearly faster on real frames (npm run bench:luma, issue 14:
 * 95 screencast frames of one root-mfa run, 800×450, 2.56 MB; one thread, median of 5 rounds, quiet machine):
 *   ours 3.97 ms/frame (6.8 MB/s) · sharp 0.35.5 greyscale raw 7.53 ms (1.9× ours) · jpeg-js 0.4.4 to RGBA
 *   + BT.601 19.7 ms (5.0×) · jpeg-js Y plane (no colour transform) 20.7 ms (5.2×); no per-frame allocation
 *   (jpeg-js: 45–66 MB of garbage over the frames). Its luma matches jpeg-js's Y within 1 on every pixel;
 *   sharp's grey is not BT.601 Y (up to 44 apart) and sharp decodes asynchronously only.
 */

/** One byte of luminance per pixel, rows top to bottom. */
export interface Luma {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Natural (row-major) index of the k-th coefficient in zig-zag order. */
const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

const LOOKUP_BITS = 9;

/** A Huffman table: a 9-bit lookup (length << 8 | symbol, 0 = longer code) and the canonical tables for longer codes. */
interface Huffman {
  lookup: Uint16Array;
  maxCode: Int32Array;
  valPtr: Int32Array;
  minCode: Int32Array;
  values: Uint8Array;
}

function buildHuffman(counts: Uint8Array, values: Uint8Array, label: string): Huffman {
  const lookup = new Uint16Array(1 << LOOKUP_BITS);
  const maxCode = new Int32Array(18).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    valPtr[len] = k;
    minCode[len] = code;
    for (let i = 0; i < counts[len - 1]!; i++, k++, code++) {
      if (code >= 1 << len) throw new Error(`${label}: a Huffman table has more codes than fit`);
      if (len <= LOOKUP_BITS) {
        const shift = LOOKUP_BITS - len;
        for (let j = code << shift, end = (code + 1) << shift; j < end; j++) lookup[j] = (len << 8) | values[k]!;
      }
    }
    maxCode[len] = counts[len - 1] ? code - 1 : -1;
    code <<= 1;
  }
  return { lookup, maxCode, valPtr, minCode, values };
}

interface Component {
  id: number;
  h: number;
  v: number;
  tq: number;
  dc?: Huffman;
  ac?: Huffman;
}

/**
 * Decodes the Y plane, or returns null when the JPEG is of a kind this decoder leaves to a full decoder.
 * With `into` (large enough), the plane is written there and the result's `data` is a view of it.
 */
export function decodeJpegLuma(buf: Uint8Array, label = 'a JPEG image', into?: Uint8Array): Luma | null {
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error(`${label} is not a JPEG (no start-of-image marker)`);
  const qt: Array<Int32Array | undefined> = [];
  const dcTables: Array<Huffman | undefined> = [];
  const acTables: Array<Huffman | undefined> = [];
  let frame: { width: number; height: number; comps: Component[] } | undefined;
  let restartInterval = 0;
  let adobeTransform: number | undefined;
  let p = 2;
  const u16 = (at: number) => (buf[at]! << 8) | buf[at + 1]!;
  for (;;) {
    if (p + 4 > buf.length) throw new Error(`${label} ends before its image data`);
    if (buf[p] !== 0xff) throw new Error(`${label}: expected a marker at byte ${p}`);
    let marker = buf[p + 1]!;
    while (marker === 0xff) marker = buf[++p + 1]!; // fill bytes
    p += 2;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // no segment
    if (marker === 0xd9) throw new Error(`${label} ends before its image data`);
    const length = u16(p);
    const end = p + length;
    if (length < 2 || end > buf.length) throw new Error(`${label}: a segment runs past the end of the file`);
    const seg = p + 2;
    switch (marker) {
      case 0xdb: {
        // DQT
        for (let q = seg; q < end;) {
          const precision = buf[q]! >> 4;
          const id = buf[q]! & 15;
          const table = new Int32Array(64);
          for (let k = 0; k < 64; k++) table[k] = precision ? u16(q + 1 + 2 * k) : buf[q + 1 + k]!;
          qt[id] = table;
          q += 1 + (precision ? 128 : 64);
        }
        break;
      }
      case 0xc4: {
        // DHT
        for (let q = seg; q < end;) {
          const cls = buf[q]! >> 4;
          const id = buf[q]! & 15;
          const counts = buf.subarray(q + 1, q + 17);
          const total = counts.reduce((a, b) => a + b, 0);
          const table = buildHuffman(counts, buf.subarray(q + 17, q + 17 + total), label);
          (cls === 0 ? dcTables : acTables)[id] = table;
          q += 17 + total;
        }
        break;
      }
      case 0xc0:
      case 0xc1: {
        // baseline and extended sequential, Huffman
        if (buf[seg] !== 8) return null; // 12-bit samples
        const height = u16(seg + 1);
        const width = u16(seg + 3);
        const n = buf[seg + 5]!;
        if (!height || !width) return null; // height from a DNL marker
        const comps: Component[] = [];
        for (let i = 0; i < n; i++) {
          const at = seg + 6 + 3 * i;
          comps.push({ id: buf[at]!, h: buf[at + 1]! >> 4, v: buf[at + 1]! & 15, tq: buf[at + 2]! });
        }
        frame = { width, height, comps };
        break;
      }
      case 0xc2:
      case 0xc3:
      case 0xc5:
      case 0xc6:
      case 0xc7:
      case 0xc9:
      case 0xca:
      case 0xcb:
      case 0xcd:
      case 0xce:
      case 0xcf:
        return null; // progressive, lossless, hierarchical or arithmetic-coded
      case 0xdd:
        restartInterval = u16(seg);
        break; // DRI
      case 0xee: // APP14 "Adobe": transform 0 means the components are RGB (or CMYK), not YCbCr
        if (length >= 14 && String.fromCharCode(...buf.subarray(seg, seg + 5)) === 'Adobe') adobeTransform = buf[seg + 11];
        break;
      case 0xda: {
        // SOS: the one scan this decoder reads
        if (!frame) throw new Error(`${label}: image data before the frame header`);
        const { comps } = frame;
        const ns = buf[seg]!;
        if (ns !== comps.length || (comps.length !== 1 && comps.length !== 3)) return null; // several scans, or CMYK
        if (comps.length === 3 && (adobeTransform === 0 || (comps[0]!.id === 0x52 && comps[1]!.id === 0x47))) return null; // RGB
        for (let i = 0; i < ns; i++) {
          const c = comps.find((x) => x.id === buf[seg + 1 + 2 * i]);
          if (!c || c !== comps[i]) return null; // scan order differs from the frame's
          c.dc = dcTables[buf[seg + 2 + 2 * i]! >> 4];
          c.ac = acTables[buf[seg + 2 + 2 * i]! & 15];
          if (!c.dc || !c.ac || !qt[c.tq]) throw new Error(`${label}: a component refers to a missing table`);
        }
        const hMax = Math.max(...comps.map((c) => c.h));
        const vMax = Math.max(...comps.map((c) => c.v));
        if (comps[0]!.h !== hMax || comps[0]!.v !== vMax) return null; // luminance not at full resolution
        const size = frame.width * frame.height;
        const data = into && into.length >= size ? into.subarray(0, size) : new Uint8Array(size);
        decodeScan(buf, end, data, frame.width, frame.height, comps, qt[comps[0]!.tq]!, hMax, vMax, restartInterval, label);
        return { width: frame.width, height: frame.height, data };
      }
      default:
        break; // APPn, COM and the rest: skipped
    }
    p = end;
  }
}

// Integer inverse DCT (the "slow but accurate" LLM method of the IJG's jidctint), 13-bit constants.
const CONST_BITS = 13;
const PASS1_BITS = 2;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);

/**
 * The even and odd halves of one 8-point pass of the IDCT (the islow butterfly both passes share):
 * sample k is e[k] + e[4 + k] and sample 7 − k is e[k] − e[4 + k], before each pass's own scaling.
 */
function butterfly(i0: number, i1: number, i2: number, i3: number, i4: number, i5: number, i6: number, i7: number, e: Float64Array): void {
  let z1 = (i2 + i6) * FIX_0_541196100;
  const t2 = z1 - i6 * FIX_1_847759065;
  const t3 = z1 + i2 * FIX_0_765366865;
  // A product, not `<<`: the row pass's inputs are scaled already, and a 32-bit shift would overflow.
  const t0 = (i0 + i4) * (1 << CONST_BITS);
  const t1 = (i0 - i4) * (1 << CONST_BITS);
  z1 = i7 + i1;
  let z2 = i5 + i3;
  let z3 = i7 + i3;
  let z4 = i5 + i1;
  const z5 = (z3 + z4) * FIX_1_175875602;
  let o0 = i7 * FIX_0_298631336,
    o1 = i5 * FIX_2_053119869,
    o2 = i3 * FIX_3_072711026,
    o3 = i1 * FIX_1_501321110;
  z1 *= -FIX_0_899976223;
  z2 *= -FIX_2_562915447;
  z3 = z3 * -FIX_1_961570560 + z5;
  z4 = z4 * -FIX_0_390180644 + z5;
  o0 += z1 + z3;
  o1 += z2 + z4;
  o2 += z2 + z3;
  o3 += z1 + z4;
  e[0] = t0 + t3;
  e[1] = t1 + t2;
  e[2] = t1 - t2;
  e[3] = t0 - t3;
  e[4] = o3;
  e[5] = o2;
  e[6] = o1;
  e[7] = o0;
}

const halves = new Float64Array(8);

/** In place: dequantized coefficients (natural order) → 8×8 samples (0–255) in `out`. */
function inverseDct(blk: Int32Array, ws: Int32Array, out: Uint8Array): void {
  const pass1Round = 1 << (CONST_BITS - PASS1_BITS - 1);
  const e = halves;
  for (let c = 0; c < 8; c++) {
    // columns
    const i0 = blk[c]!,
      i1 = blk[8 + c]!,
      i2 = blk[16 + c]!,
      i3 = blk[24 + c]!,
      i4 = blk[32 + c]!,
      i5 = blk[40 + c]!,
      i6 = blk[48 + c]!,
      i7 = blk[56 + c]!;
    if ((i1 | i2 | i3 | i4 | i5 | i6 | i7) === 0) {
      const dc = i0 << PASS1_BITS;
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc;
      continue;
    }
    butterfly(i0, i1, i2, i3, i4, i5, i6, i7, e);
    const s = CONST_BITS - PASS1_BITS;
    for (let k = 0; k < 4; k++) {
      ws[k * 8 + c] = (e[k]! + e[4 + k]! + pass1Round) >> s;
      ws[(7 - k) * 8 + c] = (e[k]! - e[4 + k]! + pass1Round) >> s;
    }
  }
  const shift = CONST_BITS + PASS1_BITS + 3;
  const round = 1 << (shift - 1);
  for (let r = 0; r < 64; r += 8) {
    // rows
    const i0 = ws[r]!,
      i1 = ws[r + 1]!,
      i2 = ws[r + 2]!,
      i3 = ws[r + 3]!,
      i4 = ws[r + 4]!,
      i5 = ws[r + 5]!,
      i6 = ws[r + 6]!,
      i7 = ws[r + 7]!;
    if ((i1 | i2 | i3 | i4 | i5 | i6 | i7) === 0) {
      const v = clamp(((i0 + (1 << (PASS1_BITS + 2))) >> (PASS1_BITS + 3)) + 128);
      out.fill(v, r, r + 8);
      continue;
    }
    butterfly(i0, i1, i2, i3, i4, i5, i6, i7, e);
    for (let k = 0; k < 4; k++) {
      out[r + k] = clamp(((e[k]! + e[4 + k]! + round) >> shift) + 128);
      out[r + 7 - k] = clamp(((e[k]! - e[4 + k]! + round) >> shift) + 128);
    }
  }
}

/** Entropy-decodes the scan that starts at `start`, writing the Y plane (cropped to the image) into `data`. */
function decodeScan(
  buf: Uint8Array,
  start: number,
  data: Uint8Array,
  width: number,
  height: number,
  comps: Component[],
  qY: Int32Array,
  hMax: number,
  vMax: number,
  restartInterval: number,
  label: string,
): void {
  const blk = new Int32Array(64);
  const ws = new Int32Array(64);
  const pixels = new Uint8Array(64);
  let pos = start;
  let bits = 0; // bit buffer, the low `count` bits are unread
  let count = 0;
  let pastEnd = false;
  let fabricated = 0; // zero bits fed after the data ended: reading one means the data was cut short

  // Keeps at least 25 bits ready; at a marker (or the end of the file) feeds zeros, as a decoder must.
  const fill = () => {
    while (count <= 24) {
      let b = 0;
      if (!pastEnd && pos < buf.length) {
        b = buf[pos]!;
        if (b === 0xff) {
          const next = buf[pos + 1];
          if (next === 0x00) pos += 2;
          else {
            pastEnd = true;
            b = 0;
          }
        } else {
          pos += 1;
        }
      } else {
        pastEnd = true;
      }
      if (pastEnd) fabricated += 8;
      bits = ((bits << 8) | b) >>> 0;
      count += 8;
    }
  };
  // Fail closed: blocks made of fed zeros are not the image; a frame cut short cannot be proven clean.
  const checkComplete = () => {
    if (fabricated > count) throw new Error(`${label}: the image data ends before its last block`);
  };
  const getBits = (n: number) => {
    if (count < n) fill();
    count -= n;
    return (bits >>> count) & ((1 << n) - 1);
  };
  const decode = (h: Huffman): number => {
    if (count < 16) fill();
    const entry = h.lookup[(bits >>> (count - LOOKUP_BITS)) & ((1 << LOOKUP_BITS) - 1)]!;
    if (entry) {
      count -= entry >> 8;
      return entry & 0xff;
    }
    for (let len = LOOKUP_BITS + 1; len <= 16; len++) {
      const code = (bits >>> (count - len)) & ((1 << len) - 1);
      if (code <= h.maxCode[len]!) {
        count -= len;
        return h.values[h.valPtr[len]! + code - h.minCode[len]!]!;
      }
    }
    throw new Error(`${label}: a Huffman code that no table holds`);
  };
  const extend = (v: number, s: number) => (v < 1 << (s - 1) ? v - (1 << s) + 1 : v);

  const single = comps.length === 1;
  const mcusX = single ? Math.ceil(width / 8) : Math.ceil(width / (8 * hMax));
  const mcusY = single ? Math.ceil(height / 8) : Math.ceil(height / (8 * vMax));
  let predY = 0; // DC predictor of the luminance (the colour's are never needed)
  const total = mcusX * mcusY;

  for (let mcu = 0; mcu < total; mcu++) {
    if (restartInterval && mcu > 0 && mcu % restartInterval === 0) {
      // Byte-aligned RSTn marker: drop the buffered bits, step over the marker, reset the DC predictors.
      checkComplete();
      count = 0;
      bits = 0;
      pastEnd = false;
      fabricated = 0;
      while (pos + 1 < buf.length && !(buf[pos] === 0xff && buf[pos + 1]! >= 0xd0 && buf[pos + 1]! <= 0xd7)) pos += 1;
      if (pos + 1 >= buf.length) throw new Error(`${label}: a restart marker is missing`);
      pos += 2;
      predY = 0;
    }
    const mx = mcu % mcusX;
    const my = (mcu - mx) / mcusX;
    for (let ci = 0; ci < comps.length; ci++) {
      const c = comps[ci]!;
      const h = single ? 1 : c.h;
      const v = single ? 1 : c.v;
      for (let by = 0; by < v; by++) {
        for (let bx = 0; bx < h; bx++) {
          const t = decode(c.dc!);
          const diff = t === 0 ? 0 : extend(getBits(t), t);
          if (ci !== 0) {
            // Colour: entropy-decoded to move on, never transformed.
            for (let k = 1; k < 64;) {
              const rs = decode(c.ac!);
              const s = rs & 15;
              const r = rs >> 4;
              if (s === 0) {
                if (r !== 15) break;
                k += 16;
                continue;
              }
              k += r;
              getBits(s);
              k += 1;
            }
            continue;
          }
          predY += diff;
          blk.fill(0);
          blk[0] = predY * qY[0]!;
          let flat = true;
          for (let k = 1; k < 64;) {
            const rs = decode(c.ac!);
            const s = rs & 15;
            const r = rs >> 4;
            if (s === 0) {
              if (r !== 15) break;
              k += 16;
              continue;
            }
            k += r;
            if (k > 63) throw new Error(`${label}: a block has more than 64 coefficients`);
            blk[ZIGZAG[k]!] = extend(getBits(s), s) * qY[k]!;
            flat = false;
            k += 1;
          }
          const x0 = (mx * h + bx) * 8;
          const y0 = (my * v + by) * 8;
          if (x0 >= width || y0 >= height) continue; // padding blocks of the last MCUs
          const cols = Math.min(8, width - x0);
          const rows = Math.min(8, height - y0);
          if (flat) {
            const value = clamp(((blk[0]! + 4) >> 3) + 128);
            for (let r = 0; r < rows; r++) data.fill(value, (y0 + r) * width + x0, (y0 + r) * width + x0 + cols);
            continue;
          }
          inverseDct(blk, ws, pixels);
          for (let r = 0; r < rows; r++) data.set(pixels.subarray(r * 8, r * 8 + cols), (y0 + r) * width + x0);
        }
      }
    }
  }
  checkComplete();
}
