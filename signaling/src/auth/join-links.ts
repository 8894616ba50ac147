import { randomInt } from 'node:crypto';

/**
 * The party's short join link, /j/ABC-234: short enough to read out over the phone
 * ("K M T, four seven two"). Three letters and three digits from alphabets without the
 * look-alikes (no I, L, O; no 0, 1), about 6.2 million codes. It only names the
 * session: the 6-digit invite code still admits, with its limits (invite-codes.ts).
 */
const LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const pick = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');

export const LINK_CODE_PATTERN = '^[A-Za-z]{3}-?[0-9]{3}$';

export function newLinkCode(): string {
  return `${pick(LETTERS, 3)}-${pick(DIGITS, 3)}`;
}

/** `kmt472`, `KMT-472`, ` kmt-472 ` → `KMT-472`; anything else → null. */
export function normaliseLinkCode(input: string): string | null {
  const m = /^([A-Za-z]{3})-?([0-9]{3})$/.exec(input.trim());
  return m ? `${m[1]!.toUpperCase()}-${m[2]}` : null;
}
