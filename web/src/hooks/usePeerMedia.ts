import { useRef } from 'react';
import type { RemotePeer, RoomClient } from '../room';
import { useMediaStream } from './useMediaStream';
import { useRenderedSize } from './useRenderedSize';

/**
 * One remote participant's media for a tile: refs for its <video> and <audio>, the
 * camera track while it sends (undefined when off or paused), and the tile's rendered
 * size reported so the server forwards the simulcast layer that fits.
 */
export function usePeerMedia(client: RoomClient | undefined, peer: RemotePeer) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const audioRef = useRef<HTMLAudioElement>(null);
  const video = peer.camera && !peer.camera.muted && !peer.videoHeld ? peer.camera.track : undefined;
  useMediaStream(videoRef, video);
  useMediaStream(audioRef, peer.microphone?.track);
  useRenderedSize(client, peer.camera?.consumerId, videoRef);
  return { videoRef, audioRef, video };
}
