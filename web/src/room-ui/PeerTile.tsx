import { useRef } from 'react';
import type { Role } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import { useMediaStream } from '../hooks/useMediaStream';
import { usePeerMedia } from '../hooks/usePeerMedia';
import type { LocalMedia, RemotePeer, RoomClient } from '../room';
import { roleKey } from './room/labels';
import { LinkMark } from './room/LinkMark';

/** What a tile shows besides the media: host, raised hand, held by the host. */
export interface TileMarks {
  isHost: boolean;
  hand: boolean;
  micHeld: boolean;
  cameraHeld: boolean;
  /** The host put them on audio only for a weak link. */
  voiceOnly?: boolean;
}

function Marks({ role, marks }: { role: Role; marks: TileMarks }) {
  const { t } = useI18n();
  return (
    <>
      <span className="role" data-testid="tile-role">
        {t(roleKey(role))}
      </span>
      {marks.isHost && <span className="badge host">{t('roomui.host')}</span>}
      {marks.hand && (
        <span className="badge hand" data-testid="hand">
          {t('roomui.hand.raised')}
        </span>
      )}
      {marks.micHeld && <span className="badge warn">{t('roomui.badge.mutedByHost')}</span>}
      {marks.cameraHeld && <span className="badge warn">{t('roomui.badge.cameraStopped')}</span>}
      {marks.voiceOnly && (
        <span className="badge" data-testid="tile-audio-only">
          {t('room.peer.audioOnly')}
        </span>
      )}
    </>
  );
}

/** Another participant: video (the layer that fits this tile), their voice, and their state. */
export function PeerTile({ client, peer, speaking, marks, label }: { client: RoomClient | undefined; peer: RemotePeer; speaking: boolean; marks: TileMarks; label?: { name: string; place: string | undefined } | undefined }) {
  const { t } = useI18n();
  const { videoRef, audioRef, video } = usePeerMedia(client, peer);

  return (
    <figure className={`tile${speaking ? ' speaking' : ''}${marks.hand ? ' hand-up' : ''}`} data-peer-id={peer.peerId} data-connection={peer.connection} data-link={peer.link}>
      <video ref={videoRef} autoPlay playsInline muted />
      {!video && <span className="no-video" data-held={peer.videoHeld ? 'link' : undefined}>{t(peer.videoHeld && peer.camera ? 'room.peer.videoHeld' : 'room.peer.noVideo')}</span>}
      <audio ref={audioRef} autoPlay />
      <figcaption>
        <span className="name" data-testid="tile-name">
          {label?.name ?? peer.displayName}
        </span>
        <Marks role={peer.role} marks={marks} />
        {label?.place && (
          <span className="place" data-testid="tile-place">
            {label.place}
          </span>
        )}
        {peer.microphone?.muted && !marks.micHeld && <span className="badge">{t('room.peer.muted')}</span>}
        {peer.connection === 'reconnecting' && peer.link !== 'interrupted' ? <span className="badge warn">{t('room.peer.reconnecting')}</span> : <LinkMark link={peer.link} testId="tile-link" />}
        {speaking && <span className="visually-hidden">{t('room.peer.speaking')}</span>}
      </figcaption>
    </figure>
  );
}

/** This device's own camera (mirrored, silent). */
export function LocalTile({ name, role, media, speaking, marks }: { name: string; role: Role | undefined; media: LocalMedia; speaking: boolean; marks: TileMarks }) {
  const { t } = useI18n();
  const ref = useRef<HTMLVideoElement>(null);
  // the host put us on voice only: our camera is paused (its track disabled), nobody sees it
  const voiceOnly = media.downlink === 'byHost' && !media.cameraOff && !!media.camera;
  useMediaStream(ref, media.cameraOff || voiceOnly ? undefined : media.camera);
  return (
    <figure className={`tile local${speaking ? ' speaking' : ''}${marks.hand ? ' hand-up' : ''}`}>
      <video ref={ref} autoPlay playsInline muted />
      {(media.cameraOff || !media.camera) && <span className="no-video">{t('room.peer.noVideo')}</span>}
      {voiceOnly && <span className="no-video">{t('roomui.cameraVoiceOnly')}</span>}
      <figcaption>
        <span className="name">
          {name}（{t('room.you')}）
        </span>
        {role && <Marks role={role} marks={marks} />}
        {media.microphoneMuted && !marks.micHeld && <span className="badge">{t('room.peer.muted')}</span>}
      </figcaption>
    </figure>
  );
}
