import { useI18n, type MessageKey } from '../i18n';
import { DOWNLINK_WORDS } from '../i18n/downlink-words';
import { useActiveSpeaker } from '../hooks/useActiveSpeaker';
import { useLocalMedia } from '../hooks/useLocalMedia';
import { useRemotePeers } from '../hooks/useRemotePeers';
import { useRoomClient } from '../hooks/useRoomClient';
import { useRoomState } from '../hooks/useRoomState';
import { useAdmission } from '../hooks/useAdmission';
import { useRoomValue } from '../hooks/useRoomValue';
import { LocalTile, PeerTile, type TileMarks } from './PeerTile';
import { ChatPanel } from './room/ChatPanel';
import { DocumentViewer } from './room/DocumentViewer';
import { HandAnnouncer } from './room/HandAnnouncer';
import { HostPanel } from './room/host/HostPanel';
import { RecordingBar } from './room/Recording';
import { SelfControls } from './room/SelfControls';
import { EndedScreen, WaitingScreen } from './room/screens';
import { roleKey, tileLabels } from './room/labels';
import { CaseHeader } from './room/CaseHeader';
import { MediaNote } from './room/MediaNote';

interface Props {
  token: string;
  publish: boolean;
  autoJoin: boolean;
  /** The scheduled session this room belongs to (documents upload to its case file). */
  sessionId: string | null;
  onRejoin(): void;
  /** Where the page came from (the case file, the lawyer's desk): offered once the session is over. */
  back: { href: string; label: 'case' | 'desk' } | null;
}

const noSet: ReadonlySet<string> = new Set();
const noIds: readonly string[] = [];

/** The call: the lobby or the room (tiles, controls, chat, documents, recording), and the host's panel. */
export function RoomView({ token, publish, autoJoin, sessionId, onRejoin, back }: Props) {
  const { t } = useI18n();
  const { client } = useRoomClient({ token, publish: { camera: publish, microphone: publish }, autoJoin });
  const state = useRoomState(client);
  const peers = useRemotePeers(client);
  const local = useLocalMedia(client);
  const speaker = useActiveSpeaker(client);
  const admission = useAdmission(client);
  const hostId = useRoomValue(client?.host, (h) => h.hostId, null);
  const locked = useRoomValue(client?.host, (h) => h.locked, false);
  const groups = useRoomValue(client?.caucus, (c) => c.groups, []);
  const hands = useRoomValue(client?.host, (h) => h.hands, noSet);
  const hostMutes = useRoomValue(client?.host, (h) => h.hostMutes, noSet);
  const voiceOnly = useRoomValue(client?.host, (h) => h.audioOnly.peerIds, noIds);
  const shown = useRoomValue(client?.documents, (d) => d.shown, null);
  const ended = state === 'left' || state === 'failed';
  // one note about the link at a time: video held back from us says the sound goes on, which covers our own camera's pause too
  const downlinkHeld = local.downlink !== 'good' && local.downlink !== 'recovering';
  const me = client?.self;
  const isHost = !!me && hostId === me.peerId;
  const myCaucus = me ? groups.find((g) => g.peerIds.includes(me.peerId)) : undefined;
  const myGroup = myCaucus?.groupId ?? null;
  // media never crosses caucus groups: people in other groups are named, not shown as empty tiles
  const groupOf = (peerId: string) => groups.find((g) => g.peerIds.includes(peerId))?.groupId ?? null;
  const here = peers.filter((p) => groupOf(p.peerId) === myGroup);
  const elsewhere = peers.filter((p) => groupOf(p.peerId) !== myGroup);
  const marks = (peerId: string): TileMarks => ({
    isHost: hostId === peerId,
    hand: hands.has(peerId),
    micHeld: hostMutes.has(`${peerId}:microphone`),
    cameraHeld: hostMutes.has(`${peerId}:camera`),
    voiceOnly: voiceOnly.includes(peerId),
  });

  const labels = tileLabels(peers, t);
  const stateText = state === 'reconnecting' ? t('roomui.reconnecting') : state === 'joined' && admission === 'waiting' ? t('roomui.waiting.connected') : state === 'failed' ? t('room.state.failed') : t(`room.state.${state}` as MessageKey);

  return (
    <section className={`room-view${isHost ? ' hosting' : ''}`} data-state={state} data-admission={admission ?? ''}>
      <p role="status" className={`room-state room-state-${state}`} data-testid="room-state">
        {stateText}
      </p>
      {!ended && <MediaNote local={local} />}
      {state === 'joined' && local.uplink !== 'good' && !downlinkHeld && (
        <p role="status" className="uplink-note" data-testid="uplink-note" data-uplink={local.uplink}>
          {t(local.uplink === 'audioOnly' ? 'room.uplink.audioOnly' : 'room.uplink.recovering')}
        </p>
      )}
      {state === 'joined' && local.downlink !== 'good' && (downlinkHeld || local.uplink === 'good') && (
        <p role="status" className="uplink-note" data-testid="downlink-note" data-downlink={local.downlink}>
          {t(DOWNLINK_WORDS[local.downlink])}
        </p>
      )}
      {ended && <EndedScreen end={client?.endReason} failed={state === 'failed'} onRejoin={onRejoin} back={back} />}
      {!ended && client && admission === 'admitted' && <CaseHeader client={client} />}
      {!ended && client && admission === 'waiting' && (
        <>
          <WaitingScreen hostPresent={hostId !== null} locked={locked} />
          <div className="controls">
            <button type="button" className="control danger" onClick={() => void client.leave()}>
              {t('room.leave')}
            </button>
          </div>
        </>
      )}
      {!ended && client && admission === 'admitted' && (
        <div className="room-layout">
          <div className="room-main">
            <RecordingBar client={client} peers={peers} />
            <HandAnnouncer client={client} peers={peers} hands={hands} />
            {shown && <DocumentViewer doc={shown} />}
            <h2 className="visually-hidden">{t('room.participants', { count: peers.length + 1 })}</h2>
            {myGroup !== null && <p className="group-note">{t('roomui.inGroup', { group: myCaucus?.label ?? '' })}</p>}
            <div className="tiles" data-count={here.length + 1}>
              {publish && <LocalTile name={me?.displayName ?? t('room.you')} role={me?.role} media={local} speaking={speaker === me?.peerId} marks={marks(me?.peerId ?? '')} />}
              {here.map((p) => (
                <PeerTile key={p.peerId} client={client} peer={p} speaking={speaker === p.peerId} marks={marks(p.peerId)} label={labels.get(p.peerId)} />
              ))}
            </div>
            {elsewhere.length > 0 && (
              <p className="elsewhere" data-testid="elsewhere">
                {t('roomui.elsewhere', { names: elsewhere.map((p) => `${labels.get(p.peerId)?.name ?? p.displayName}（${t(roleKey(p.role))}${hands.has(p.peerId) ? ` · ${t('roomui.hand.raised')}` : ''}）`).join('、') })}
              </p>
            )}
            {peers.length === 0 && state === 'joined' && <p className="room-empty">{t('room.empty')}</p>}
            <SelfControls client={client} local={local} publish={publish} />
            <ChatPanel client={client} groupId={myGroup} groupLabel={myCaucus?.label ?? ''} />
          </div>
          {isHost && <HostPanel client={client} peers={peers} sessionId={sessionId} />}
        </div>
      )}
    </section>
  );
}
