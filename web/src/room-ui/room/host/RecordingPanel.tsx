import type { RecordingStateInfo } from '@shuoshi/protocol';
import { useI18n, type MessageKey } from '../../../i18n';
import type { RoomClient } from '../../../room';
import { roleKey } from '../labels';
import { useAction } from '../useAction';
import type { Person } from './people';

/** Host: start/stop recording, the caucus policy (between rounds), and who agreed, declined or is pending. */
export function RecordingPanel({ client, rec, people }: { client: RoomClient; rec: RecordingStateInfo; people: Person[] }) {
  const { t } = useI18n();
  const action = useAction();
  const running = rec.state === 'recording' || rec.state === 'awaiting-consent';
  const who = (id: string) => people.find((p) => p.peerId === id);
  const rows = (ids: string[], key: MessageKey, kind: string) =>
    ids.map((id) => {
      const p = who(id);
      return (
        <li key={`${kind}-${id}`} data-consent={kind} data-peer={id}>
          {p ? `${p.displayName} · ${t(roleKey(p.role))}` : t('roomui.rec.someone')} — {t(key)}
        </li>
      );
    });
  return (
    <section className="panel recording-panel" aria-labelledby="rec-title" data-testid="recording-panel">
      <h3 id="rec-title">
        {t('roomui.rec.title')} · <span data-testid="rec-state">{t(`roomui.rec.state.${rec.state}`)}</span>
      </h3>
      <div className="actions">
        {running ? (
          <button type="button" className="small control danger" onClick={() => action.run(() => client.recording.stop())}>
            {t('roomui.rec.stop')}
          </button>
        ) : (
          <button type="button" className="small primary-button" onClick={() => action.run(() => client.recording.start())}>
            {t('roomui.rec.start')}
          </button>
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={rec.recordCaucus} disabled={running || action.busy} onChange={(e) => action.run(() => client.recording.setRecordCaucus(e.target.checked))} aria-describedby={running ? 'rec-policy-note' : undefined} />
        {t('roomui.rec.recordCaucus')}
      </label>
      {running && (
        <p id="rec-policy-note" className="note">
          {t('roomui.rec.policyLocked')}
        </p>
      )}
      {rec.state !== 'idle' && (
        <>
          <h4>{t('roomui.rec.ledger')}</h4>
          <ul className="ledger" data-testid="consent-ledger">
            {rows(rec.agreed, 'roomui.rec.agreed', 'agreed')}
            {rows(rec.pending, 'roomui.rec.pending', 'pending')}
            {rows(rec.declined, 'roomui.rec.declined', 'declined')}
          </ul>
        </>
      )}
      {action.error && <p role="alert">{action.error}</p>}
    </section>
  );
}
