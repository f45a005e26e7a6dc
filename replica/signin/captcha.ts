import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for one another. */
const ALPHABET = 'ABCDEFGHJKMNPRSTUVWXYZ23456789';

/** A fresh 6-character answer. */
export function newChallengeAnswer(): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/** True when the guess matches, ignoring case and spaces (AWS asks to type them without spaces). */
export function challengeSolved(answer: string, guess: string): boolean {
  return guess.replace(/\s+/g, '').toUpperCase() === answer;
}

/** The answer drawn as a 200×70 SVG with a little noise, as a data: URL. */
export function challengeImage(answer: string): string {
  const letters = [...answer]
    .map((ch, i) => {
      const x = 18 + i * 30,
        y = 46 + randomInt(-6, 7),
        rotate = randomInt(-20, 21);
      return `<text x="${x}" y="${y}" transform="rotate(${rotate} ${x} ${y})">${ch}</text>`;
    })
    .join('');
  const noise = Array.from(
    { length: 5 },
    () => `<line x1="${randomInt(0, 200)}" y1="${randomInt(0, 70)}" x2="${randomInt(0, 200)}" y2="${randomInt(0, 70)}"/>`,
  ).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="70" viewBox="0 0 200 70">` +
    `<rect width="200" height="70" fill="#eef2f5"/>` +
    `<g font-family="monospace" font-size="30" font-weight="700" fill="#2b3a4a">${letters}</g>` +
    `<g stroke="#7d8998" stroke-width="1.5">${noise}</g></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
