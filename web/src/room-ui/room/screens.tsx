import { hasMessage, useI18n, type MessageKey } from '../../i18n';
import type { EndReason } from '../../room';

/** The lobby: calm words, whether a host is here, whether the room is locked. */
export function WaitingScreen({ hostPresent, locked }: { hostPresent: boolean; locked: boolean }) {
  const { t } = useI18n();
  return (
    <section className="room-screen waiting" aria-labelledby="waiting-title" data-testid="waiting-screen">
      <h2 id="waiting-title">{t('roomui.waiting.title')}</h2>
      <p role="status" data-host-present={hostPresent}>
        {hostPresent ? t('roomui.waiting.hostHere') : t('roomui.waiting.noHost')}
      </p>
      {locked && <p>{t('roomui.waiting.locked')}</p>}
    </section>
  );
}

/** Declined, removed, ended by the host, replaced by another device, left, or failed (with the refusal in words, never its code). */
export function EndedScreen({ end, failed, onRejoin, back }: { end: EndReason | undefined; failed: boolean; onRejoin: () => void; back?: { href: string; label: 'case' | 'desk' } | null }) {
  const { t } = useI18n();
  const reason = end?.kind === 'seatEnded' ? end.reason : undefined;
  const key: MessageKey = failed ? 'roomui.ended.failed' : reason ? `roomui.ended.${reason}` : 'roomui.ended.left';
  const final = reason === 'declined' || reason === 'removed' || reason === 'ended';
  return (
    <section className="room-screen ended" data-testid="ended-screen" data-reason={failed ? 'failed' : (reason ?? 'left')}>
      <h2>{t(key, { reason: end?.kind === 'refused' && hasMessage(`error.${end.code}`) ? t(`error.${end.code}` as MessageKey) : '' })}</h2>
      <div className="controls ended-actions">
        {back && (
          // the page the person came from (the case file): a mediator is never left on a dead end
          <a className="primary-button back-link" href={back.href}>
            {t(back.label === 'case' ? 'roomui.ended.back' : 'roomui.ended.backDesk')}
          </a>
        )}
        {!final && (
          <button type="button" className="control" onClick={onRejoin}>
            {t('room.rejoin')}
          </button>
        )}
      </div>
    </section>
  );
}
