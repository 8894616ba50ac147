import { useState } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useActiveSpeaker } from '../hooks/useActiveSpeaker';
import { useLocalMedia } from '../hooks/useLocalMedia';
import { useRemotePeers } from '../hooks/useRemotePeers';
import type { RoomClient, RoomState } from '../room';
import type { SessionItem } from './api';
import { ConsentPrompt } from './ConsentPrompt';
import { useLinkQuality } from './hooks/useLinkQuality';
import { useRecording } from './hooks/useRecording';
import { KioskLocalTile, KioskPeerTile } from './KioskTiles';
import { OperatorPanel } from './OperatorPanel';
import { useRoomValue } from '../hooks/useRoomValue';
import { kioskCaucusView } from './caucus-view';
import { KioskSelfControls } from './KioskSelfControls';
import { LeaveButton } from './LeaveButton';
import { DOWNLINK_WORDS } from '../i18n/downlink-words';

/** Joined: the others in large tiles, the link and recording state in words, the consent prompt, the grid worker's tools. */
export function InRoom({ client, state, session, onLeave }: { client: RoomClient; state: RoomState; session: SessionItem; onLeave(): void }) {
  const { t } = useI18n();
  const peers = useRemotePeers(client);
  const local = useLocalMedia(client);
  const speaker = useActiveSpeaker(client);
  const recording = useRecording(client);
  const link = useLinkQuality(client, state === 'joined');
  const [operator, setOperator] = useState(false);
  const groups = useRoomValue(client.caucus, (c) => c.groups, []);
  // in a caucus only the people this device can hear get a tile (never a black one), and the villager is told why
  const { here, note } = kioskCaucusView(peers, groups, client.self?.peerId);
  const s = link.sample;
  // one note about the link at a time: video held back from us says the sound goes on, which covers our own camera's pause too
  const downlinkHeld = local.downlink !== 'good' && local.downlink !== 'recovering';

  return (
    <section className="k-room" data-testid="kiosk-room" data-state={state} aria-labelledby="room-h">
      <h2 id="room-h" className="visually-hidden">{t('kiosk.room.participants', { count: peers.length + 1 })}</h2>
      <div className="k-statusbar">
        <p className={`k-quality k-quality-${link.quality}`} data-testid="kiosk-quality" data-quality={link.quality}>
          <span className="k-bars" aria-hidden="true">
            <span /><span /><span />
          </span>
          <span>{t(`kiosk.quality.${link.quality}` as MessageKey)}</span>
          {s?.rttMs !== undefined && <span className="k-detail">{t('kiosk.quality.detail', { rtt: Math.round(s.rttMs), loss: (s.lossPct ?? 0).toFixed(1) })}</span>}
        </p>
        {recording.state === 'recording' && (
          <p className="k-recording" data-testid="kiosk-recording">
            <span className="k-dot" aria-hidden="true" />
            {t('kiosk.recording.on')}
          </p>
        )}
        {recording.state === 'awaiting-consent' && <p className="k-recording k-asking">{t('kiosk.recording.asking')}</p>}
      </div>
      {state === 'reconnecting' && (
        <div className="k-reconnecting" role="status" data-testid="kiosk-reconnecting">
          <p className="k-lead">{t('kiosk.room.reconnecting')}</p>
          <p>{t('kiosk.room.reconnectingHint')}</p>
        </div>
      )}
      {state === 'joined' && local.uplink !== 'good' && !downlinkHeld && (
        <div className="k-reconnecting" role="status" data-testid="kiosk-uplink" data-uplink={local.uplink}>
          <p className="k-lead">{t(local.uplink === 'audioOnly' ? 'room.uplink.audioOnly' : 'room.uplink.recovering')}</p>
        </div>
      )}
      {state === 'joined' && local.downlink !== 'good' && (downlinkHeld || local.uplink === 'good') && (
        <div className="k-reconnecting" role="status" data-testid="kiosk-downlink" data-downlink={local.downlink}>
          <p className="k-lead">{t(DOWNLINK_WORDS[local.downlink])}</p>
        </div>
      )}
      {note === 'away' && (
        <div className="k-caucus" role="status" data-testid="kiosk-caucus" data-note="away">
          <p className="k-hold-title">{t('kiosk.caucus.away')}</p>
          <p>{t('kiosk.caucus.awayHint')}</p>
        </div>
      )}
      {note === 'withYou' && (
        <div className="k-caucus" role="status" data-testid="kiosk-caucus" data-note="withYou">
          <p className="k-hold-title">{t('kiosk.caucus.withYou')}</p>
          <p>{t('kiosk.caucus.withYouHint')}</p>
        </div>
      )}
      <KioskSelfControls client={client} local={local} />
      <div className="k-tiles" data-count={here.length + 1}>
        {here.map((p) => (
          <KioskPeerTile key={p.peerId} client={client} peer={p} speaking={speaker === p.peerId} />
        ))}
        <KioskLocalTile media={local} />
      </div>
      {peers.length === 0 && state === 'joined' && <p className="k-lead">{t('kiosk.room.empty')}</p>}
      {peers.length > 0 && here.length === 0 && note === 'none' && <p className="k-lead">{t('kiosk.caucus.alone')}</p>}
      <ConsentPrompt client={client} />
      <div className="k-actions">
        <button type="button" className="k-button k-quiet" aria-expanded={operator} onClick={() => setOperator(!operator)}>
          {operator ? t('kiosk.operator.close') : t('kiosk.operator.open')}
        </button>
        <LeaveButton onLeave={onLeave} />
      </div>
      {operator && <OperatorPanel client={client} peers={peers} recording={recording} session={session} />}
    </section>
  );
}
