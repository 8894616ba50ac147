import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export interface Invalid {
  ok: false;
  /** A short, safe description of the first problems (paths and messages, never values). */
  message: string;
}

/** Checks `value` against `schema` without coercing it. */
export function check<T extends TSchema>(schema: T, value: unknown): { ok: true; value: Static<T> } | Invalid {
  if (Value.Check(schema, value)) return { ok: true, value };
  const problems: string[] = [];
  for (const e of Value.Errors(schema, value)) {
    problems.push(`${e.path || '/'}: ${e.message}`);
    if (problems.length >= 3) break;
  }
  return { ok: false, message: problems.join('; ') || 'invalid payload' };
}
