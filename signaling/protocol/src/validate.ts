import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { boundMessage } from './limits';

export interface Invalid {
  ok: false;
  /** A short, safe description of the first problems (paths and messages, never values). */
  message: string;
}

const SEGMENT_MAX = 24;
const PATH_MAX = 80;

/**
 * A JSON pointer into the client's payload, made safe to send back: property names are
 * the client's own text, so each is cut to a few characters of a plain alphabet.
 */
export function safePath(path: string): string {
  if (!path) return '/';
  const segments = path.split('/').slice(1, 8);
  const safe = segments.map((s) => {
    const plain = s.replace(/[^A-Za-z0-9_:.-]/g, '?');
    return plain.length > SEGMENT_MAX ? `${plain.slice(0, SEGMENT_MAX)}…` : plain;
  });
  const joined = `/${safe.join('/')}${path.split('/').length > 9 ? '/…' : ''}`;
  return joined.length > PATH_MAX ? `${joined.slice(0, PATH_MAX)}…` : joined;
}

/** Checks `value` against `schema` without coercing it. */
export function check<T extends TSchema>(schema: T, value: unknown): { ok: true; value: Static<T> } | Invalid {
  if (Value.Check(schema, value)) return { ok: true, value };
  const problems: string[] = [];
  for (const e of Value.Errors(schema, value)) {
    problems.push(`${safePath(e.path)}: ${e.message.slice(0, 80)}`);
    if (problems.length >= 3) break;
  }
  return { ok: false, message: boundMessage(problems.join('; ') || 'invalid payload') };
}
