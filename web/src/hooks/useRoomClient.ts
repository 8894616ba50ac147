import { useEffect, useState } from 'react';
import { RoomClient, installTestHook, type RoomClientOptions } from '../room';

/**
 * One RoomClient for the component's life: created (and joined, unless `autoJoin`
 * is false) on mount, left on unmount or when the token changes.
 */
export function useRoomClient(options: Pick<RoomClientOptions, 'token' | 'publish'> & { autoJoin?: boolean }): RoomClient | undefined {
  const [client, setClient] = useState<RoomClient>();
  const { token, autoJoin = true } = options;
  const camera = options.publish?.camera ?? true;
  const microphone = options.publish?.microphone ?? true;

  useEffect(() => {
    const c = new RoomClient({ token, publish: { camera, microphone } });
    setClient(c);
    installTestHook(c);
    if (autoJoin) c.join().catch(() => undefined); // the state says 'failed' and why
    // closing the tab is leaving: the others should not wait out the grace period
    const onPageHide = () => void c.leave();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      void c.leave();
      installTestHook(undefined);
    };
  }, [token, camera, microphone, autoJoin]);

  return client;
}
