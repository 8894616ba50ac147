import { createHmac } from 'node:crypto';

/**
 * 居民身份证号码 (GB 11643-1999): 17 digits and a check character (0-9 or X).
 * The raw number is never stored: `maskIdNumber()` for display and
 * `idNumberHash()` (HMAC keyed by a server secret) for look-up. An unkeyed hash of
 * an 18-digit number with a known structure is reversible by brute force.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** Trims, removes inner spaces and upper-cases the check character. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** The check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Shape, birth date and check character. */
export function isValidIdNumber(raw: string): boolean {
  const id = normaliseIdNumber(raw);
  if (!SHAPE.test(id)) return false;
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) return false;
  return idNumberCheckChar(id) === id[17];
}

/** "330100196501011234" → "3301**********1234" */
export function maskIdNumber(raw: string): string {
  const id = normaliseIdNumber(raw);
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
}

/** A key for one purpose derived from the server secret (so purposes never share a key). */
export function deriveKey(secret: string | Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`shuoshi:${purpose}`).digest();
}

/** The look-up hash of an ID number: HMAC-SHA256(key, normalised number), hex. */
export function idNumberHash(key: Buffer, raw: string): string {
  return createHmac('sha256', key).update(normaliseIdNumber(raw)).digest('hex');
}

export const ID_NUMBER_KEY_PURPOSE = 'id-number';
