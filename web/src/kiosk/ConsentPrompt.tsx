import { useEffect, useRef, useState } from 'react';
import type { ConsentAnswer } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import type { RoomClient } from '../room';
import { useConsentRequest } from './hooks/useConsentRequest';
import { kioskErrorText } from './error-text';

/** consentRequested: two very large buttons (同意录音 / 不同意), then a short confirmation of what was said. */
export function ConsentPrompt({ client }: { client: RoomClient }) {
  const { t } = useI18n();
  const request = useConsentRequest(client);
  const [sent, setSent] = useState<ConsentAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const agreeButton = useRef<HTMLButtonElement>(null);
  const asked = request !== undefined;
  useEffect(() => {
    if (asked) agreeButton.current?.focus(); // the dialog takes the focus (keyboard and screen readers)
  }, [asked]);

  useEffect(() => {
    if (!sent) return;
    const timer = setTimeout(() => setSent(null), 6_000);
    return () => clearTimeout(timer);
  }, [sent]);

  async function answer(decision: ConsentAnswer) {
    setBusy(true);
    setError(null);
    try {
      await client.recording.giveConsent(decision);
      setSent(decision);
    } catch (err) {
      setError(kioskErrorText(t, (err as { code?: string }).code ?? 'INTERNAL'));
    } finally {
      setBusy(false);
    }
  }

  if (sent && !request) return <p role="status" className="k-consent-sent" data-testid="kiosk-consent-sent">{t(`kiosk.consent.sent.${sent}`)}</p>;
  if (!request) return null;
  return (
    <div className="k-overlay">
      <section className="k-consent" role="dialog" aria-modal="true" aria-labelledby="consent-h" data-testid="kiosk-consent">
        <h2 id="consent-h">{t('kiosk.consent.title')}</h2>
        <p className="k-lead">{request.recordCaucus ? t('kiosk.consent.caucus') : t('kiosk.consent.noCaucus')}</p>
        <div className="k-consent-buttons">
          <button ref={agreeButton} type="button" className="k-button k-primary k-giant" disabled={busy} onClick={() => void answer('agree')}>
            {t('kiosk.consent.agree')}
          </button>
          <button type="button" className="k-button k-decline k-giant" disabled={busy} onClick={() => void answer('decline')}>
            {t('kiosk.consent.decline')}
          </button>
        </div>
        {error && <p role="alert" className="k-alert">{error}</p>}
      </section>
    </div>
  );
}
