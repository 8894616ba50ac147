import { useState } from 'react';
import type { ConsentAnswer, RecordingStateInfo } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import type { RemotePeer, RoomClient } from '../room';
import type { SessionItem } from './api';
import { SignatureFlow } from './SignatureFlow';
import { kioskErrorText } from './error-text';
import { useConsentProxies } from './hooks/useConsentProxies';

/**
 * The grid worker's tools: answer the recording question for each villager beside
 * them (`consent:give` with `onBehalfOf`: the server allows it for parties of the
 * talk room's village, and only they are listed), withdraw this device's consent, and witness signatures.
 */
export function OperatorPanel({ client, peers, recording, session }: { client: RoomClient; peers: RemotePeer[]; recording: RecordingStateInfo; session: SessionItem }) {
  const { t } = useI18n();
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // only the villagers at this kiosk (the server says whom this device may answer for), never everyone in the room
  const parties = useConsentProxies(client, peers);
  const asked = parties.filter((p) => recording.pending.includes(p.peerId) || recording.agreed.includes(p.peerId) || recording.declined.includes(p.peerId));

  async function answer(peerId: string, decision: ConsentAnswer) {
    setError(null);
    try {
      await client.recording.giveConsent(decision, peerId);
    } catch (err) {
      setError(kioskErrorText(t, (err as { code?: string }).code ?? 'INTERNAL'));
    }
  }

  return (
    <section className="k-operator" aria-labelledby="operator-h" data-testid="kiosk-operator">
      <h2 id="operator-h">{t('kiosk.operator.title')}</h2>
      <h3>{t('kiosk.operator.consentTitle')}</h3>
      {asked.length === 0 && <p>{t('kiosk.operator.consentNone')}</p>}
      <ul className="k-onbehalf">
        {asked.map((p) => (
          <li key={p.peerId} data-peer-id={p.peerId}>
            {recording.pending.includes(p.peerId) ? (
              <>
                <span className="k-name">{t('kiosk.operator.pending', { name: p.displayName })}</span>
                <button type="button" className="k-button k-primary" onClick={() => void answer(p.peerId, 'agree')}>
                  {t('kiosk.operator.agreeFor', { name: p.displayName })}
                </button>
                <button type="button" className="k-button k-decline" onClick={() => void answer(p.peerId, 'decline')}>
                  {t('kiosk.operator.declineFor', { name: p.displayName })}
                </button>
              </>
            ) : (
              <span className="k-name">
                {recording.agreed.includes(p.peerId) ? t('kiosk.operator.answered.agree', { name: p.displayName }) : t('kiosk.operator.answered.decline', { name: p.displayName })}
              </span>
            )}
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="k-alert">{error}</p>}
      {recording.state === 'recording' && (
        <button type="button" className="k-button k-quiet" onClick={() => void client.recording.withdrawConsent().catch(() => undefined)}>
          {t('kiosk.consent.withdraw')}
        </button>
      )}
      {signing ? (
        <SignatureFlow session={session} onClose={() => setSigning(false)} />
      ) : (
        <button type="button" className="k-button k-secondary" onClick={() => setSigning(true)}>
          {t('kiosk.operator.sign')}
        </button>
      )}
    </section>
  );
}
