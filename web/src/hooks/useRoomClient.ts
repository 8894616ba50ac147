import { useEffect, useState } from 'react';
import { RoomClient, installTestHook, type RoomClientOptions } from '../room';

/** A join token, or how to get one (the kiosk asks the API for each attempt; keep the function stable between renders). */
export type TokenSource = string | (() => Promise<string>);

export interface RoomClientHook {
  client: RoomClient | undefined;
  /** Getting the join token failed (no client was made). */
  tokenError: unknown;
}

/**
 * The room's lifecycle, for the room page and the kiosk alike: one RoomClient for the
 * component's life, created once the token is known, installed as the page's test hook,
 * joined (unless `autoJoin` is false), and left on unmount, on closing the tab, or when the
 * token or the devices change. A failed join shows in the client's state and `endReason`.
 */
export function useRoomClient(options: Pick<RoomClientOptions, 'publish'> & { token: TokenSource; autoJoin?: boolean }): RoomClientHook {
  const [client, setClient] = useState<RoomClient>();
  const [tokenError, setTokenError] = useState<unknown>(null);
  const { token, autoJoin = true } = options;
  const camera = options.publish?.camera ?? true;
  const microphone = options.publish?.microphone ?? true;
  const { cameraDeviceId, microphoneDeviceId } = options.publish ?? {};

  useEffect(() => {
    let c: RoomClient | undefined;
    let cancelled = false;
    const start = (t: string) => {
      if (cancelled) return;
      c = new RoomClient({ token: t, publish: { camera, microphone, ...(cameraDeviceId ? { cameraDeviceId } : {}), ...(microphoneDeviceId ? { microphoneDeviceId } : {}) } });
      setClient(c);
      installTestHook(c);
      if (autoJoin) c.join().catch(() => undefined); // the state says 'failed' and why
    };
    if (typeof token === 'string') start(token);
    else token().then(start, (err: unknown) => !cancelled && setTokenError(err));
    // closing the tab is leaving: the others should not wait out the grace period
    const onPageHide = () => void c?.leave();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      cancelled = true;
      window.removeEventListener('pagehide', onPageHide);
      void c?.leave();
      installTestHook(undefined);
    };
  }, [token, camera, microphone, cameraDeviceId, microphoneDeviceId, autoJoin]);

  return { client, tokenError };
}
