import { useRef } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n';
import { useMediaStream } from '../hooks/useMediaStream';
import { usePeerMedia } from '../hooks/usePeerMedia';
import type { LocalMedia, RemotePeer, RoomClient } from '../room';
import { LinkMark } from '../room-ui/room/LinkMark';
import { kioskCameraState, type KioskCameraState } from './camera-state';

/** What the kiosk's own small picture says when nobody sees it (camera-state.ts). */
const LOCAL_WORDS: Record<Exclude<KioskCameraState, 'on'>, MessageKey> = {
  none: 'kiosk.room.noVideo',
  held: 'kiosk.self.cameraHeld',
  voiceByHost: 'kiosk.self.tileVoiceByHost',
  off: 'kiosk.self.cameraOwnOff',
  voiceByLink: 'kiosk.self.tileVoiceByLink',
};

/** Another participant, large: video, voice, name and role in words. */
export function KioskPeerTile({ client, peer, speaking }: { client: RoomClient; peer: RemotePeer; speaking: boolean }) {
  const { t } = useI18n();
  const { videoRef, audioRef, video } = usePeerMedia(client, peer);
  return (
    <figure className={`k-tile${speaking ? ' k-speaking' : ''}`} data-peer-id={peer.peerId} data-role={peer.role} data-link={peer.link}>
      <video ref={videoRef} autoPlay playsInline muted />
      {!video && <span className="k-novideo" data-held={peer.videoHeld ? 'link' : undefined}>{t(peer.videoHeld && peer.camera ? 'kiosk.room.videoHeld' : 'kiosk.room.noVideo')}</span>}
      <audio ref={audioRef} autoPlay />
      <figcaption>
        <span className="k-role">{t(`kiosk.role.${peer.role}` as MessageKey)}</span>
        <span className="k-name">{peer.displayName}</span>
        {speaking && <span className="k-badge">{t('kiosk.room.speaking')}</span>}
        {peer.microphone?.muted && <span className="k-badge">{t('kiosk.room.muted')}</span>}
        {peer.connection === 'reconnecting' && peer.link !== 'interrupted' ? <span className="k-badge">{t('kiosk.room.peerReconnecting')}</span> : <LinkMark link={peer.link} testId="tile-link" kiosk />}
      </figcaption>
    </figure>
  );
}

/** This device's own picture, small, so the villager sees they are in view; dark, with why in words, when nobody sees it. */
export function KioskLocalTile({ media }: { media: LocalMedia }) {
  const { t } = useI18n();
  const ref = useRef<HTMLVideoElement>(null);
  const state = kioskCameraState(media);
  const dark = state !== 'on';
  useMediaStream(ref, dark ? undefined : media.camera);
  return (
    <figure className="k-tile k-local" data-camera={state}>
      <video ref={ref} autoPlay playsInline muted />
      {dark && <span className="k-novideo">{t(LOCAL_WORDS[state])}</span>}
      <figcaption>
        <span className="k-name">{t('kiosk.room.you')}</span>
      </figcaption>
    </figure>
  );
}
