import { useI18n } from '../i18n';

/**
 * The lobby (候场), calm and large: the seat is held, nobody sees the villager yet,
 * and the mediator lets them in. Says whether the mediator is already there.
 */
export function WaitingScreen({ hostPresent, onLeave }: { hostPresent: boolean; onLeave(): void }) {
  const { t } = useI18n();
  return (
    <section className="k-screen k-calm k-waiting" data-testid="kiosk-waiting" data-host={hostPresent ? 'present' : 'absent'} aria-labelledby="waiting-h">
      <span className="k-waiting-dots" aria-hidden="true">
        <span /><span /><span />
      </span>
      <h2 id="waiting-h">{t('kiosk.room.waiting')}</h2>
      <p className="k-lead" role="status">{hostPresent ? t('kiosk.room.waitingHost') : t('kiosk.room.waitingNoHost')}</p>
      <p className="k-lead k-soft">{t('kiosk.room.waitingHint')}</p>
      <button type="button" className="k-button k-quiet" onClick={onLeave}>
        {t('kiosk.room.leave')}
      </button>
    </section>
  );
}
