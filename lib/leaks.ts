/** A place where a secret was found. Holds the secret's kind and the form it took, never the value. */
export interface Leak { artifact: string; kind: string; form: string }

/**
 * Every form a secret can take in an artifact: as is, lower-case, grouped in fours with spaces
 * (how seeds are shown), URL-encoded (inside an otpauth URI), JSON-escaped.
 * Six-digit codes only match as whole numbers, so timestamps that contain them do not count.
 */
export function secretForms(value: string): Array<{ form: string; pattern: RegExp }> {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (/^\d{6,8}$/.test(value)) return [{ form: 'number', pattern: new RegExp(`(?<![\\d])${value}(?![\\d])`) }];
  const forms = new Map<string, string>([
    ['raw', value],
    ['lower-case', value.toLowerCase()],
    ['url-encoded', encodeURIComponent(value)],
    ['json-escaped', JSON.stringify(value).slice(1, -1)],
  ]);
  if (/^[A-Z2-7]+=*$/.test(value) && value.length >= 16) forms.set('grouped', value.match(/.{1,4}/g)!.join(' '));
  return [...forms].map(([form, text]) => ({ form, pattern: new RegExp(esc(text)) }));
}

/** Looks for every form of every secret in one artifact's bytes (read as UTF-8 and Latin-1). */
export function scanText(artifact: string, data: Buffer | string, secrets: ReadonlyArray<{ kind: string; value: string }>): Leak[] {
  const texts = typeof data === 'string' ? [data] : [data.toString('utf8'), data.toString('latin1')];
  const leaks: Leak[] = [];
  for (const s of secrets) {
    for (const { form, pattern } of secretForms(s.value)) {
      if (texts.some((t) => pattern.test(t))) leaks.push({ artifact, kind: s.kind, form });
    }
  }
  return leaks;
}
