import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useActiveSpeaker } from '../hooks/useActiveSpeaker';
import { useLocalMedia } from '../hooks/useLocalMedia';
import { useRemotePeers } from '../hooks/useRemotePeers';
import { useRoomClient } from '../hooks/useRoomClient';
import { useRoomState } from '../hooks/useRoomState';
import { LocalTile, PeerTile } from './PeerTile';

interface Props {
  token: string;
  publish: boolean;
  autoJoin: boolean;
  onRejoin(): void;
}

/** The call itself: everyone's video, the controls, the link state. */
export function RoomView({ token, publish, autoJoin, onRejoin }: Props) {
  const { t } = useI18n();
  const client = useRoomClient({ token, publish: { camera: publish, microphone: publish }, autoJoin });
  const state = useRoomState(client);
  const peers = useRemotePeers(client);
  const local = useLocalMedia(client);
  const speaker = useActiveSpeaker(client);
  const ended = state === 'left' || state === 'failed';

  const stateText =
    state === 'failed'
      ? t('room.state.failed', { code: client?.endReason ?? '' })
      : state === 'left' && (client?.endReason === 'replaced' || client?.endReason === 'removed' || client?.endReason === 'ended')
        ? t(`room.ended.${client.endReason}`)
        : t(`room.state.${state}` as MessageKey);

  return (
    <section className="room-view" data-state={state}>
      <p role="status" className={`room-state room-state-${state}`} data-testid="room-state">
        {stateText}
      </p>
      {!ended && (
        <>
          <h2 className="visually-hidden">{t('room.participants', { count: peers.length + 1 })}</h2>
          <div className="tiles" data-count={peers.length + 1}>
            {publish && <LocalTile name={client?.self?.displayName ?? t('room.you')} media={local} speaking={speaker === client?.self?.peerId} />}
            {peers.map((p) => (
              <PeerTile key={p.peerId} client={client} peer={p} speaking={speaker === p.peerId} />
            ))}
          </div>
          {peers.length === 0 && state === 'joined' && <p className="room-empty">{t('room.empty')}</p>}
        </>
      )}
      <div className="controls">
        {!ended && publish && (
          <>
            <button type="button" className="control" aria-pressed={local.microphoneMuted} onClick={() => void client?.setMicrophoneMuted(!local.microphoneMuted)}>
              {local.microphoneMuted ? t('room.mic.unmute') : t('room.mic.mute')}
            </button>
            <button type="button" className="control" aria-pressed={local.cameraOff} onClick={() => void client?.setCameraOff(!local.cameraOff)}>
              {local.cameraOff ? t('room.camera.on') : t('room.camera.off')}
            </button>
          </>
        )}
        {!ended ? (
          <button type="button" className="control danger" onClick={() => void client?.leave()}>
            {t('room.leave')}
          </button>
        ) : (
          <button type="button" className="control" onClick={onRejoin}>
            {t('room.rejoin')}
          </button>
        )}
      </div>
    </section>
  );
}
