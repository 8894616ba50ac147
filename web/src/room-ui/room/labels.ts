import type { CaseBrief, JoinsFrom, MediaSource, Role } from '@shuoshi/protocol';
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
  // an error without a code (the browser's media stack, a library) is shown only when it is our own words: never English internals or an id
  const message = e.message ?? String(err);
  if (!/[\u4e00-\u9fff]/.test(message) || /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(message)) return t('error.generic');
  return t('roomui.error', { message });
}

/**
 * How each participant's tile names them and where they join from. A talk-room PC is
 * named after its talk room: two PCs of one talk room are told apart as 设备1/设备2 (in
 * joining order); a person at a talk room gets 来自<talk room>; a party without one is
 * on a phone. Staff at their own desks get no place.
 */
export function tileLabels(
  peers: ReadonlyArray<{ peerId: string; displayName: string; role: Role; talkRoom?: string | undefined }>,
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
): Map<string, { name: string; place: string | undefined }> {
  const labels = new Map<string, { name: string; place: string | undefined }>();
  const seen = new Map<string, number>();
  for (const p of peers) {
    if (p.talkRoom) {
      const twins = peers.filter((q) => q.talkRoom === p.talkRoom && q.displayName === p.displayName).length > 1;
      const key = `${p.talkRoom}\u0000${p.displayName}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const room = twins ? t('roomui.tile.device', { room: p.talkRoom, n }) : p.talkRoom;
      labels.set(p.peerId, p.displayName === p.talkRoom ? { name: room, place: undefined } : { name: p.displayName, place: t('roomui.tile.from', { place: room }) });
    } else {
      labels.set(p.peerId, { name: p.displayName, place: p.role === 'party' ? t('roomui.tile.from', { place: t('roomui.tile.phone') }) : undefined });
    }
  }
  return labels;
}

/** 1:05:09 / 5:09: a session's running time (never negative). */
export function elapsedText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${two(m)}:${two(s % 60)}` : `${m}:${two(s % 60)}`;
}

/** What the session is about, in words (the heading and the browser tab): 土地宅基地纠纷调解, 法律咨询 · 婚姻家庭. */
export function caseTitle(brief: Pick<CaseBrief, 'kind' | 'category'>, t: (k: MessageKey, v?: Record<string, string | number>) => string, has: (k: string) => k is MessageKey): string {
  const key = `category.${brief.category ?? ''}`;
  const category = brief.category && has(key) ? t(key) : '';
  if (brief.kind === 'CONSULTATION') return t('roomui.case.consultation', { category });
  // the template says 纠纷 (dispute) itself: a category named 邻里纠纷 does not say it twice
  const dispute = t('roomui.case.disputeWord');
  return t('roomui.case.mediation', { category: dispute && category.endsWith(dispute) ? category.slice(0, -dispute.length) : category });
}

/** Where a party of the case joins from, in words: 用手机参加, 在东坪村说事拉理室参加, 用手机或在东坪村说事拉理室参加. */
export function joinsFromText(from: NonNullable<JoinsFrom>, t: (k: MessageKey, v?: Record<string, string | number>) => string): string {
  if (from.kind === 'phone') return t('roomui.case.fromPhone');
  if (from.kind === 'phoneOrTalkRoom') return t('roomui.case.fromPhoneOrRoom', { room: from.name });
  return t('roomui.case.fromRoom', { room: from.name });
}
