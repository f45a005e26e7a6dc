import escapeStringRegexp from 'escape-string-regexp';
import escapeHtml from 'escape-html';
/** A place where a secret was found. Holds the secret's kind and the form it took, never the value. */
export interface Leak {
  artifact: string;
  kind: string;
  form: string;
}

/** A secret whose value is known (in the worker that handled it): what the forms are built from. */
export interface KnownSecret {
  kind: string;
  value: string;
}

/** What a redacted secret is replaced with: its kind only. Keeps JSON, HTML and JS text valid. */
export const redactionMarker = (kind: string): string => `[REDACTED ${kind}]`;

const esc = (s: string) => escapeStringRegexp(s);
const isNumber = (v: string) => /^\d{6,8}$/.test(v);
const isBase32 = (v: string) => /^[A-Z2-7]+=*$/.test(v) && v.length >= 16;
const formEncode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
const htmlEscape = (v: string) => escapeHtml(v);
// A number form must not be part of a longer number or of a decimal (trace timestamps are decimals).
const numberPattern = (v: string) => `(?<![\\d.])${v}(?!\\d|\\.\\d)`;

/** Shortest lower-case hex run taken for a digest (MD5 32, SHA-1 40, SHA-256 64): Playwright's resource names, bundle hashes. */
const DIGEST = 32;
const isLowerHex = (c: string | undefined) => c !== undefined && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));

/**
 * True when text[at, at + length) lies inside a run of 32 or more lower-case hex characters: a digest,
 * in which any six digits turn up by chance (a bundle's SHA-256 once held a run's TOTP code). Such a
 * match is neither a leak nor redacted (redacting it would break the digest). An encoded form keeps its
 * code found: `%3D` is upper-case, and a code glued to a word (`code123456`) is not in a 32-character run.
 */
function inDigest(text: string, at: number, length: number): boolean {
  let from = at;
  let to = at + length;
  while (from > 0 && to - from < DIGEST && isLowerHex(text[from - 1])) from--;
  while (to - from < DIGEST && isLowerHex(text[to])) to++;
  return to - from >= DIGEST;
}

/**
 * Every form a secret can take in an artifact: as is, lower-case, grouped in fours with spaces
 * (how seeds are shown), URL- and form-encoded (otpauth URIs, sign-in posts), JSON-escaped (once
 * and twice: a body inside a trace line), HTML-escaped. Base32 seeds match in any case.
 * Six- to eight-digit codes only match as whole numbers, so longer numbers and decimals do not count.
 */
export function secretForms(value: string): Array<{ form: string; pattern: RegExp }> {
  return formTexts(value).map(({ form, text }) => ({
    form,
    pattern: new RegExp(form === 'number' ? numberPattern(text) : esc(text), isBase32(value) ? 'i' : ''),
  }));
}

function formTexts(value: string): Array<{ form: string; text: string }> {
  if (isNumber(value)) return [{ form: 'number', text: value }];
  const forms: Array<[string, string]> = [
    ['raw', value],
    ['lower-case', value.toLowerCase()],
    ['url-encoded', encodeURIComponent(value)],
    ['form-encoded', formEncode(value)],
    ['json-escaped', JSON.stringify(value).slice(1, -1)],
    ['json-escaped-twice', JSON.stringify(JSON.stringify(value)).slice(3, -3)],
    ['html-escaped', htmlEscape(value)],
  ];
  if (isBase32(value)) forms.push(['grouped', value.match(/.{1,4}/g)!.join(' ')]);
  const seen = new Set<string>();
  return forms.filter(([, text]) => text && !seen.has(text) && seen.add(text)).map(([form, text]) => ({ form, text }));
}

/** Shortest run of a long secret that counts as a leak on its own (Playwright's element previews cut text). */
const PARTIAL = 12;
// A word, and the groups of up to four characters that follow it one space apart (a grouped seed): only
// those that can reach PARTIAL characters, a word of 12 or more or one followed by a group. The same runs
// of 12 or more as every word with its groups, at half the cost of a replace over a 1.2 MB stylesheet.
const RUN = /(?<![A-Za-z0-9])(?:[A-Za-z0-9]{12,}|[A-Za-z0-9]{1,11}(?= [A-Za-z0-9]))(?: [A-Za-z0-9]{1,4}(?![A-Za-z0-9]))*/g;

/**
 * Finds and replaces every form of a set of known secrets in text: the forms of `secretForms`, and
 * any run of 12 or more characters of a long secret (seed, password, cookie) that an element preview
 * or a log line cut short.
 */
export class SecretMatcher {
  private readonly exact: RegExp | null;
  private readonly byText = new Map<string, { kind: string; form: string }>();
  private readonly windows = new Map<string, string>();
  /** True when every secret is ASCII: then bytes can be read as Latin-1, which never fails and keeps them as they are. */
  readonly ascii: boolean;

  constructor(readonly secrets: readonly KnownSecret[]) {
    this.ascii = secrets.every((s) => /^[\x20-\x7e]*$/.test(s.value));
    const alternatives: Array<{ source: string; length: number }> = [];
    for (const s of secrets) {
      if (!s.value) continue;
      const ci = isBase32(s.value);
      for (const { form, text } of formTexts(s.value)) {
        // Exact text first (so a lower-case hit reports `lower-case`); for Base32, any case falls back to the upper-case key.
        for (const key of ci ? [text, text.toUpperCase()] : [text]) if (!this.byText.has(key)) this.byText.set(key, { kind: s.kind, form });
        alternatives.push({ source: form === 'number' ? numberPattern(text) : ci ? caseless(text) : esc(text), length: text.length });
      }
      if (!isNumber(s.value) && s.value.length >= 16) {
        const upper = s.value.toUpperCase();
        for (let i = 0; i + PARTIAL <= upper.length; i++) this.windows.set(upper.slice(i, i + PARTIAL), s.kind);
      }
    }
    alternatives.sort((a, b) => b.length - a.length);
    this.exact = alternatives.length ? new RegExp(alternatives.map((a) => a.source).join('|'), 'g') : null;
  }

  /** Kind and form of every secret found in `text` (once each). */
  find(text: string): Array<{ kind: string; form: string }> {
    const found = new Map<string, { kind: string; form: string }>();
    if (this.exact) {
      for (const m of text.matchAll(this.exact)) {
        const hit = this.byText.get(m[0]) ?? this.byText.get(m[0].toUpperCase()) ?? { kind: 'secret', form: 'raw' };
        if (hit.form === 'number' && inDigest(text, m.index, m[0].length)) continue;
        found.set(`${hit.kind}/${hit.form}`, hit);
      }
    }
    if (!found.size) for (const kind of this.partials(text)) found.set(`${kind}/partial`, { kind, form: 'partial' });
    return [...found.values()];
  }

  /** `text` with every form, and every partial run, of every secret replaced by its marker. */
  redact(text: string): string {
    let out = this.exact
      ? text.replace(this.exact, (m: string, ...rest: unknown[]) => {
          const at = rest.find((r): r is number => typeof r === 'number')!; // the offset: the first number after any groups
          const hit = this.byText.get(m) ?? this.byText.get(m.toUpperCase());
          return hit?.form === 'number' && inDigest(text, at, m.length) ? m : redactionMarker(hit?.kind ?? 'secret');
        })
      : text;
    if (this.windows.size) {
      out = out.replace(RUN, (run) => {
        const kind = this.partialKind(run);
        return kind ? redactionMarker(kind) : run;
      });
    }
    return out;
  }

  private *partials(text: string): Generator<string> {
    if (!this.windows.size) return;
    for (const m of text.matchAll(RUN)) {
      const kind = this.partialKind(m[0]);
      if (kind) yield kind;
    }
  }

  private partialKind(run: string): string | undefined {
    if (run.length < PARTIAL) return undefined;
    const compact = run.replace(/ /g, '').toUpperCase();
    for (let i = 0; i + PARTIAL <= compact.length; i++) {
      const kind = this.windows.get(compact.slice(i, i + PARTIAL));
      if (kind) return kind;
    }
    return undefined;
  }
}

// Case-insensitive alternative without the `i` flag on the whole expression.
const caseless = (text: string) => [...text].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : esc(c))).join('');

/** Looks for every form of every secret in one artifact's bytes (read as Latin-1, and as UTF-8 too when a secret is not ASCII). */
export function scanText(artifact: string, data: Buffer | string, secrets: readonly KnownSecret[] | SecretMatcher): Leak[] {
  const matcher = secrets instanceof SecretMatcher ? secrets : new SecretMatcher(secrets);
  const texts =
    typeof data === 'string' ? [data] : matcher.ascii ? [data.toString('latin1')] : [data.toString('latin1'), data.toString('utf8')];
  const found = new Map<string, Leak>();
  for (const t of texts) for (const hit of matcher.find(t)) found.set(`${hit.kind}/${hit.form}`, { artifact, ...hit });
  return [...found.values()];
}

/**
 * Secret *shapes*, for checking a bundle without knowing its secrets (`npm run verify`): a Base32
 * run of 32 or more characters (a TOTP seed, plain or grouped in fours), an otpauth URI with a
 * secret, a password in a JSON body, a form post or a DOM snapshot, a console session cookie.
 * TOTP codes have no shape (six digits are everywhere); they are caught only by value, in the run.
 */
export function scanShapes(artifact: string, data: Buffer | string): Leak[] {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const leaks: Leak[] = [];
  const add = (kind: string, form: string) => {
    if (!leaks.some((l) => l.kind === kind && l.form === form)) leaks.push({ artifact, kind, form });
  };
  for (const m of text.matchAll(
    /(?<![A-Za-z0-9])(?:[A-Z2-7]{32,}|[a-z2-7]{32,}|(?:[A-Z2-7]{4} ){7,}[A-Z2-7]{1,4}|(?:[a-z2-7]{4} ){7,}[a-z2-7]{1,4})(?![A-Za-z0-9])/g,
  )) {
    if (looksLikeSeed(m[0].replace(/ /g, ''))) add('totp-seed', m[0].includes(' ') ? 'base32-grouped' : 'base32-run');
  }
  if (/otpauth(?::|%3A)(?:\/\/|%2F%2F)[^\s"'<>]{0,400}?secret(?:=|%3D)(?!%5BREDACTED|\[REDACTED)[A-Za-z2-7]/i.test(text))
    add('totp-seed', 'otpauth-uri');
  if (/\\*"(?:password|newPassword|rootPassword|oneTimePassword|currentPassword)\\*"\s*:\s*\\*"(?!\[REDACTED)[^"\\]+/.test(text))
    add('password', 'json-value');
  if (/(?:^|[?&"\s])(?:password|newPassword|oneTimePassword)=(?!%5BREDACTED|\[REDACTED)[^&"\s\\]+/m.test(text))
    add('password', 'form-value');
  for (const m of text.matchAll(/\["INPUT",\{[^{}]*\}/g)) {
    if (/"type":"password"/.test(m[0]) && /"__playwright_value_":"(?!\[REDACTED)[^"]/.test(m[0])) add('password', 'snapshot-input-value');
  }
  if (/aws-creds=(?!\[REDACTED|%5BREDACTED)[^;\s"\\]+/.test(text) || /"name":"aws-creds","value":"(?!\[REDACTED)[^"]+"/.test(text))
    add('session-cookie', 'aws-creds');
  return leaks;
}

/** A Base32 run that is a random seed, not a word or a hex digest: letters past F, digits, variety. */
function looksLikeSeed(run: string): boolean {
  const digits = (run.match(/[2-7]/g) ?? []).length;
  return /[G-Zg-z]/.test(run) && digits >= 3 && new Set(run.toUpperCase()).size >= 10;
}

/** What a decoded QR code payload gives away: an otpauth URI or a seed, by value or by shape. */
export function qrPayloadLeaks(artifact: string, payload: string, matcher?: SecretMatcher): Leak[] {
  const leaks = matcher ? scanText(artifact, payload, matcher).map((l) => ({ ...l, form: `qr-code ${l.form}` })) : [];
  if (/^otpauth:\/\//i.test(payload)) leaks.push({ artifact, kind: 'totp-seed', form: 'qr-code otpauth-uri' });
  else leaks.push(...scanShapes(artifact, payload).map((l) => ({ ...l, form: `qr-code ${l.form}` })));
  return leaks;
}
