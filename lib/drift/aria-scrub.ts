import escapeStringRegexp from 'escape-string-regexp';
/**
 * Keeps account ids, emails, access key ids, dates and secrets out of recorded page shapes
 * (`pages/__aria__/*.aria.yml`, committed) and out of drift reports (CI logs, JUnit files).
 */

interface Rule {
  what: string;
  find: RegExp;
  /** What a report shows instead. */
  placeholder: string;
  /** What a template gets instead (a regex source). */
  pattern: string;
}

/** Values that identify an account or are secret: never in a template or a report. */
const SENSITIVE: Rule[] = [
  { what: 'email address', find: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, placeholder: '<email>', pattern: '[^\\s@]+@[^\\s@]+' },
  { what: 'access key id', find: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, placeholder: '<access-key-id>', pattern: '[A-Z0-9]{20}' },
  // Base32 seeds and other long secrets: 32 or more characters of that alphabet in a row.
  { what: 'secret', find: /\b[A-Z2-7]{32,}=*(?!\w)/g, placeholder: '<secret>', pattern: '[A-Z2-7=]+' },
  { what: 'account id', find: /(?<!\d)\d{12}(?!\d)/g, placeholder: '<account-id>', pattern: '\\d{12}' },
];

/** Values that change from account to account or day to day: made patterns so templates keep matching. */
const VARIABLE: Rule[] = [
  {
    what: 'date',
    find: /\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}(?:, \d{2}:\d{2}(?: \(UTC\))?)?|\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?/g,
    placeholder: '<date>',
    pattern: '[\\w ,:()-]+',
  },
  // Counters in headings: "Multi-factor authentication (MFA) (2)".
  { what: 'counter', find: /\(\d+\)$/g, placeholder: '(<n>)', pattern: '\\(\\d+\\)' },
];

/** A month name in a recorded pattern: Playwright makes a date's digits `\d+` but keeps its month, which changes. */
const MONTH_IN_PATTERN = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)(?= \\d)/g;
/** A recorded pattern with any month name loosened, so the template still matches next month. */
const loosenDates = (pattern: string): string => pattern.replace(MONTH_IN_PATTERN, '[A-Z][a-z]+');

// A template's /pattern/ also needs its slashes escaped; a hyphen outside a class needs none, and the templates are read by people.
const literal = (text: string): string => escapeStringRegexp(text).replaceAll('\\x2d', '-').replaceAll('/', '\\/');
/** A line with regex (and YAML) escapes undone, so "root\+1@example\.com" inside a pattern is seen for what it is. */
const unescaped = (line: string): string => line.replace(/\\(.)/g, '$1').replace(/\\(.)/g, '$1');

/** Text with every sensitive value and date replaced by a placeholder such as `<account-id>`: for reports. */
export function scrubText(text: string): string {
  let out = text;
  for (const rule of [...SENSITIVE, VARIABLE[0]!]) out = out.replace(rule.find, rule.placeholder);
  return out;
}

/** Which kinds of sensitive value a text (or a template line, patterns read as text) holds; empty when none. */
export function sensitiveIn(text: string): string[] {
  const plain = unescaped(text);
  return SENSITIVE.filter((rule) => new RegExp(rule.find.source).test(plain)).map((rule) => rule.what);
}

/** A literal as a pattern with every sensitive or variable value generalized; undefined when it holds none. */
function generalized(text: string): string | undefined {
  const spans: Array<{ start: number; end: number; pattern: string }> = [];
  for (const rule of [...SENSITIVE, ...VARIABLE]) {
    for (const m of text.matchAll(new RegExp(rule.find.source, 'g'))) {
      const start = m.index;
      const end = start + m[0].length;
      if (!spans.some((s) => start < s.end && end > s.start)) spans.push({ start, end, pattern: rule.pattern });
    }
  }
  if (!spans.length) return undefined;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  for (const span of spans) {
    out += literal(text.slice(from, span.start)) + span.pattern;
    from = span.end;
  }
  return out + literal(text.slice(from));
}

/** A YAML scalar for a pattern: single-quoted when plain YAML would misread it. */
function patternScalar(pattern: string): string {
  const value = `/${pattern}/`;
  return /: |^[-?:,[\]{}#&*!|>'"%@`]| #/.test(value) ? `'${value.replace(/'/g, "''")}'` : value;
}

/** `- role "name" [attrs]: value` or `- /property: value` (name and value optional; the key may be YAML-quoted when the name holds ": "). */
const ENTRY = /^(\s*- )(\/?[\w-]+)( "(?:[^"\\]|\\.)*"| \/(?:[^/\\]|\\.)+\/)?((?: \[[^\]]*\])*)(?:(:)(?: (.*))?)?$/;

function scrubLine(line: string): string {
  const entry = ENTRY.exec(line);
  if (!entry) {
    // Quoted keys and other layouts: generalize what can be, and flag the line for the reviewer.
    return sensitiveIn(line).length ? `${line.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => quotedName(whole, inner))}` : line;
  }
  const [, lead, role, rawName = '', attrs = '', colon = '', rawValue] = entry;
  let name = rawName;
  if (name.startsWith(' "')) name = ` ${quotedName(name.slice(1), name.slice(2, -1))}`;
  else if (name && sensitiveIn(name).length)
    name = ''; // a recorded pattern that still holds a value: the name is left out
  else if (name) name = ` ${loosenDates(name.slice(1))}`;
  let value = rawValue;
  if (value !== undefined) {
    const text = /^".*"$/.test(value)
      ? (JSON.parse(value) as string)
      : /^'.*'$/.test(value)
        ? value.slice(1, -1).replace(/''/g, "'")
        : value;
    const isPattern = text.length > 1 && text.startsWith('/') && text.endsWith('/');
    if (!isPattern) {
      const pattern = generalized(text);
      if (pattern !== undefined) value = patternScalar(pattern);
    } else if (sensitiveIn(text).length) {
      value = '/.+/'; // a recorded pattern that still holds a value: any text
    } else if (loosenDates(text) !== text) {
      value = patternScalar(loosenDates(text.slice(1, -1)));
    }
  }
  const out = `${lead}${role}${name}${attrs}${colon}${value !== undefined ? ` ${value}` : ''}`;
  const left = sensitiveIn(out);
  return left.length ? `${out} # NOT SCRUBBED: ${left.join(', ')}` : out;
}

/** A `"name"` as written, or its generalized `/pattern/` when it holds a sensitive or variable value. */
function quotedName(whole: string, inner: string): string {
  const pattern = generalized(JSON.parse(`"${inner}"`) as string);
  return pattern === undefined ? whole : `/${pattern}/`;
}

/**
 * An aria template safe to commit and still matching: literal names and texts holding an account id,
 * email, key id, secret, date or counter become patterns; recorded patterns that still hold such a
 * value are loosened (name left out, text `/.+/`). Comments and clean lines are kept as they are.
 */
export function scrubTemplate(yaml: string): string {
  return yaml
    .split('\n')
    .map((line) => (/^\s*#/.test(line) ? line : scrubLine(line)))
    .join('\n');
}
