import type { MediaSource, Role } from '@shuoshi/protocol';
import type { MessageKey } from '../../i18n';
import type { SignalError } from '../../room';

/** The role label shown on every tile and list row (调解员, 律师, 当事人, 村干部/说事拉理员, 观察员). */
export const roleKey = (role: Role): MessageKey => `roomui.role.${role}`;

export const hostMuteKey = (peerId: string, source: MediaSource) => `${peerId}:${source}`;

/** A refusal's words: the catalog's `error.<CODE>` when there is one, else a plain "did not work" (never the code). */
export function errorText(err: unknown, t: (k: MessageKey, v?: Record<string, string | number>) => string, has: (k: string) => k is MessageKey): string {
  const e = err as Partial<SignalError> & { message?: string };
  const key = `error.${e.code ?? ''}`;
  if (e.code && has(key)) return t(key);
  // an unknown code is not words: say it did not work, never show the code
  if (e.code) return t('error.generic');
  return t('roomui.error', { message: e.message ?? String(err) });
}
