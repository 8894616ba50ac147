import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';

/** 离开调解, asked once: a calm, large question with 是的，离开 and 不离开 (issue #13: a tap by mistake does not drop the villager out). */
export function LeaveButton({ onLeave }: { onLeave(): void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const stay = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) stay.current?.focus(); // the safe answer takes the focus
  }, [asking]);

  function close() {
    setAsking(false);
    opener.current?.focus();
  }

  return (
    <>
      <button ref={opener} type="button" className="k-button k-danger" onClick={() => setAsking(true)}>
        {t('kiosk.room.leave')}
      </button>
      {asking && (
        <div className="k-overlay" onKeyDown={(e) => e.key === 'Escape' && close()}>
          <section className="k-consent k-leave" role="dialog" aria-modal="true" aria-labelledby="leave-h" aria-describedby="leave-p" data-testid="kiosk-leave">
            <h2 id="leave-h">{t('kiosk.leave.ask')}</h2>
            <p id="leave-p" className="k-lead">{t('kiosk.leave.askHint')}</p>
            <div className="k-consent-buttons">
              <button ref={stay} type="button" className="k-button k-primary k-giant" onClick={close}>
                {t('kiosk.leave.no')}
              </button>
              <button type="button" className="k-button k-danger k-giant" onClick={onLeave}>
                {t('kiosk.leave.yes')}
              </button>
            </div>
          </section>
        </div>
      )}
    </>
  );
}
