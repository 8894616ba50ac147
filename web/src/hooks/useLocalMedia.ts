import { useCallback, useSyncExternalStore } from 'react';
import type { LocalMedia, RoomClient } from '../room';

const nothing: LocalMedia = { camera: undefined, microphone: undefined, microphoneMuted: false, cameraOff: false, heldByHost: { microphone: false, camera: false }, uplink: 'good', downlink: 'good' };

/** This device's camera and microphone tracks and whether each is muted. */
export function useLocalMedia(client: RoomClient | undefined): LocalMedia {
  const subscribe = useCallback((notify: () => void) => client?.on('local', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.local ?? nothing);
}
