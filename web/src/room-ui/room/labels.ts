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

/**
 * Where each participant joins from, in words for their tile: the talk room (and, when
 * two devices of one talk room carry the same name, 设备1/设备2 in joining order), or a
 * phone for a party without one. Absent: nothing to say (staff at their own desk).
 */
export function placesOf(
  peers: ReadonlyArray<{ peerId: string; displayName: string; role: Role; talkRoom?: string | undefined }>,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
): Map<string, string> {
  const places = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const p of peers) {
    if (p.talkRoom) {
      const twins = peers.filter((q) => q.talkRoom === p.talkRoom && q.displayName === p.displayName);
      const key = `${p.talkRoom}\u0000${p.displayName}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      places.set(p.peerId, twins.length > 1 ? t('roomui.tile.device', { room: p.talkRoom, n }) : p.talkRoom);
    } else if (p.role === 'party') {
      places.set(p.peerId, t('roomui.tile.phone'));
    }
  }
  return places;
}
