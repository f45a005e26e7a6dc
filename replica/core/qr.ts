import QRCode from 'qrcode';

/**
 * The otpauth URI the console's QR code carries, as decoded from real IAM QR images
 * (console-facts.md §2.6): issuer prefix in the label and as a parameter.
 */
export function otpauthUri(deviceName: string, accountLabel: string, seed: string): string {
  const label = `Amazon%20Web%20Services:${encodeURIComponent(deviceName)}@${encodeURIComponent(accountLabel)}`;
  return `otpauth://totp/${label}?secret=${seed}&issuer=Amazon%20Web%20Services`;
}

/** A PNG of the URI's QR code, base64 without a `data:` prefix (the console API's `qrCodePNG`). */
export async function qrPngBase64(uri: string): Promise<string> {
  const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return png.toString('base64');
}
