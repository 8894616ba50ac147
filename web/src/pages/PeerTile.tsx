import { useRef } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useMediaStream } from '../hooks/useMediaStream';
import { useRenderedSize } from '../hooks/useRenderedSize';
import type { LocalMedia, RemotePeer, RoomClient } from '../room';

/** Another participant: video (the layer that fits this tile), their voice, and their state. */
export function PeerTile({ client, peer, speaking }: { client: RoomClient | undefined; peer: RemotePeer; speaking: boolean }) {
  const { t } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const video = peer.camera && !peer.camera.muted ? peer.camera.track : undefined;
  useMediaStream(videoRef, video);
  useMediaStream(audioRef, peer.microphone?.track);
  useRenderedSize(client, peer.camera?.consumerId, videoRef);

  return (
    <figure className={`tile${speaking ? ' speaking' : ''}`} data-peer-id={peer.peerId} data-connection={peer.connection}>
      <video ref={videoRef} autoPlay playsInline muted />
      {!video && <span className="no-video">{t('room.peer.noVideo')}</span>}
      <audio ref={audioRef} autoPlay />
      <figcaption>
        <span className="name">{peer.displayName}</span>
        <span className="role">{t(`room.role.${peer.role}` as MessageKey)}</span>
        {peer.microphone?.muted && <span className="badge">{t('room.peer.muted')}</span>}
        {peer.connection === 'reconnecting' && <span className="badge warn">{t('room.peer.reconnecting')}</span>}
        {speaking && <span className="visually-hidden">{t('room.peer.speaking')}</span>}
      </figcaption>
    </figure>
  );
}

/** This device's own camera (mirrored, silent). */
export function LocalTile({ name, media, speaking }: { name: string; media: LocalMedia; speaking: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLVideoElement>(null);
  useMediaStream(ref, media.cameraOff ? undefined : media.camera);
  return (
    <figure className={`tile local${speaking ? ' speaking' : ''}`}>
      <video ref={ref} autoPlay playsInline muted />
      {(media.cameraOff || !media.camera) && <span className="no-video">{t('room.peer.noVideo')}</span>}
      <figcaption>
        <span className="name">
          {name}（{t('room.you')}）
        </span>
        {media.microphoneMuted && <span className="badge">{t('room.peer.muted')}</span>}
      </figcaption>
    </figure>
  );
}
