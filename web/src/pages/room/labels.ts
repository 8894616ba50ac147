import type { MediaSource, Role } from '@shuoshi/protocol';
import type { MessageKey } from '../../i18n';
import type { SignalError } from '../../room';

/** The role label shown on every tile and list row (调解员, 律师, 当事人, 村干部/说事拉理员, 观察员). */
export const roleKey = (role: Role): MessageKey => `roomui.role.${role}`;

export const hostMuteKey = (peerId: string, source: MediaSource) => `${peerId}:${source}`;

/** A refusal's words: the catalog's `error.<CODE>` when there is one, else the code and message. */
export function errorText(err: unknown, t: (k: MessageKey, v?: Record<string, string | number>) => string, has: (k: string) => k is MessageKey): string {
  const e = err as Partial<SignalError> & { message?: string };
  const key = `error.${e.code ?? ''}`;
  if (e.code && has(key)) return t(key);
  return t('roomui.error', { message: e.code ? `${e.code}` : (e.message ?? String(err)) });
}

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const ENCODED = /^u\.((?:[0-9a-f]{2})+)$/;

/**
 * A caucus group's name as a protocol id (`[A-Za-z0-9_.:-]`): kept when it already is
 * one, else `u.` + its UTF-8 bytes in hex, so every participant reads the name back
 * (`groupName`) without the server knowing names. Undefined when too long.
 */
export function groupIdFor(name: string): string | undefined {
  if (ID.test(name) && !ENCODED.test(name)) return name;
  const hex = [...new TextEncoder().encode(name)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const id = `u.${hex}`;
  return id.length <= 128 ? id : undefined;
}

/** The name a group id stands for (see groupIdFor). */
export function groupName(id: string): string {
  const m = ENCODED.exec(id);
  if (!m) return id;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(m[1]!.match(/../g)!.map((h) => parseInt(h, 16))));
  } catch {
    return id;
  }
}
