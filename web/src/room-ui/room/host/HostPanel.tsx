import { useState } from 'react';
import type { RecordingStateInfo } from '@shuoshi/protocol';
import { useI18n } from '../../../i18n';
import { useRoomValue } from '../../../hooks/useRoomValue';
import type { RemotePeer, RoomClient } from '../../../room';
import { useAction } from '../useAction';
import { CaucusPanel } from './CaucusPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { DocumentsPanel } from './DocumentsPanel';
import { LobbyList } from './LobbyList';
import { NotesPanel } from './NotesPanel';
import { PeopleList } from './PeopleList';
import { RecordingPanel } from './RecordingPanel';
import { everyone } from './people';
import { tileLabels } from '../labels';

const idle: RecordingStateInfo = { state: 'idle', pending: [], declined: [], agreed: [], recordCaucus: false };

/** The mediator's side panel: lobby, participants, lock and end, caucus, recording, documents. */
export function HostPanel({ client, peers, sessionId }: { client: RoomClient; peers: RemotePeer[]; sessionId: string | null }) {
  const { t } = useI18n();
  const action = useAction();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const locked = useRoomValue(client.host, (h) => h.locked, false);
  const groups = useRoomValue(client.caucus, (c) => c.groups, []);
  const hostMutes = useRoomValue(client.host, (h) => h.hostMutes, new Set<string>());
  const hands = useRoomValue(client.host, (h) => h.hands, new Set<string>());
  const rec = useRoomValue(client.recording, (r) => r.info, idle);
  const shown = useRoomValue(client.documents, (d) => d.shown, null);
  const people = everyone(client, peers, tileLabels(peers, t));

  return (
    <aside className="host-panel" aria-labelledby="host-panel-title" data-testid="host-panel">
      <h2 id="host-panel-title">{t('roomui.panel.title')}</h2>
      <LobbyList client={client} locked={locked} />
      <PeopleList client={client} people={people} hostMutes={hostMutes} hands={hands} />
      <section className="panel room-actions">
        <button type="button" className="small control" aria-pressed={locked} onClick={() => action.run(() => client.host.lock(!locked))}>
          {locked ? t('roomui.lock.off') : t('roomui.lock.on')}
        </button>
        {locked && <p className="note">{t('roomui.lock.state')}</p>}
        <button type="button" className="small control danger" onClick={() => setConfirmEnd(true)}>
          {t('roomui.end.button')}
        </button>
        {action.error && <p role="alert">{action.error}</p>}
      </section>
      <CaucusPanel client={client} people={people} groups={groups} />
      {sessionId && <NotesPanel sessionId={sessionId} />}
      <RecordingPanel client={client} rec={rec} people={people} />
      <DocumentsPanel client={client} sessionId={sessionId} shown={shown} />
      {confirmEnd && (
        <ConfirmDialog
          title={t('roomui.end.confirmTitle')}
          body={t('roomui.end.confirmBody')}
          confirm={t('roomui.end.confirm')}
          onCancel={() => setConfirmEnd(false)}
          onConfirm={() => {
            setConfirmEnd(false);
            action.run(() => client.host.endSession());
          }}
        />
      )}
    </aside>
  );
}
