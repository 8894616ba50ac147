import type { RecordingStateInfo } from '@shuoshi/protocol';
import { useI18n } from '../../i18n';
import { useRoomValue } from '../../hooks/useRoomValue';
import type { RemotePeer, RoomClient } from '../../room';
import { useAction } from './useAction';

const idle: RecordingStateInfo = { state: 'idle', pending: [], declined: [], agreed: [], recordCaucus: false };

/** 录音录像中 while recording; the consent question when I am asked; withdraw while in the round. */
export function RecordingBar({ client, peers }: { client: RoomClient; peers: RemotePeer[] }) {
  const { t } = useI18n();
  const rec = useRoomValue(client.recording, (r) => r.info, idle);
  // set when I am asked, cleared once I answered (each is a change of the recording feature)
  const asked = useRoomValue(client.recording, (r) => r.consentRequest, undefined);
  const me = client.self?.peerId ?? '';
  const action = useAction();
  const pendingMe = !!asked && rec.pending.includes(me);
  // a talk-room operator answers for a villager beside them (the server checks the village)
  const forParties = client.self?.role === 'operator' && rec.state === 'awaiting-consent' ? peers.filter((p) => p.role === 'party' && rec.pending.includes(p.peerId)) : [];
  const inRound = (rec.state === 'recording' || rec.state === 'awaiting-consent') && rec.agreed.includes(me);
  return (
    <div className="recording-bar">
      {rec.state === 'recording' && (
        <p className="rec-indicator" data-testid="recording-indicator">
          <span className="rec-dot" aria-hidden="true" />
          {t('roomui.recording.on')}
        </p>
      )}
      {rec.state === 'awaiting-consent' && <p className="rec-asking">{t('roomui.recording.asking')}</p>}
      <div aria-live="assertive" className="visually-hidden">
        {pendingMe ? t('roomui.consent.announce') : ''}
      </div>
      {pendingMe && (
        <section className="consent-prompt" role="region" aria-labelledby="consent-title" data-testid="consent-prompt">
          <h2 id="consent-title">{t('roomui.consent.title')}</h2>
          <p>{t('roomui.consent.body')}</p>
          <p>{asked.recordCaucus ? t('roomui.consent.caucus') : t('roomui.consent.noCaucus')}</p>
          <div className="consent-buttons">
            <button type="button" className="primary-button" disabled={action.busy} onClick={() => action.run(() => client.recording.giveConsent('agree'))}>
              {t('roomui.consent.agree')}
            </button>
            <button type="button" className="control danger" disabled={action.busy} onClick={() => action.run(() => client.recording.giveConsent('decline'))}>
              {t('roomui.consent.decline')}
            </button>
          </div>
        </section>
      )}
      {forParties.map((p) => (
        <section key={p.peerId} className="consent-prompt" aria-label={t('roomui.consent.forParty', { name: p.displayName })} data-on-behalf={p.peerId}>
          <h2>{t('roomui.consent.forParty', { name: p.displayName })}</h2>
          <div className="consent-buttons">
            <button type="button" className="primary-button" disabled={action.busy} onClick={() => action.run(() => client.recording.giveConsent('agree', p.peerId))}>
              {t('roomui.consent.agreeFor', { name: p.displayName })}
            </button>
            <button type="button" className="control danger" disabled={action.busy} onClick={() => action.run(() => client.recording.giveConsent('decline', p.peerId))}>
              {t('roomui.consent.declineFor', { name: p.displayName })}
            </button>
          </div>
        </section>
      ))}
      {inRound && !pendingMe && (
        <button type="button" className="control" onClick={() => action.run(() => client.recording.withdrawConsent())}>
          {t('roomui.consent.withdraw')}
        </button>
      )}
      {action.error && <p role="alert">{action.error}</p>}
    </div>
  );
}
