import { useEffect, useState } from 'react';
import type { RemotePeer, RoomClient } from '../../room';

/**
 * The villagers at this kiosk: the parties present whom this device may answer the
 * recording question for, as the server decides (issue #13 bug 8), asked again whenever
 * the parties present change. Until the answer comes (or if it fails), nobody.
 */
export function useConsentProxies(client: RoomClient, peers: RemotePeer[]): RemotePeer[] {
  const parties = peers.filter((p) => p.role === 'party');
  const key = parties.map((p) => p.peerId).sort().join(' ');
  const [mine, setMine] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!key) return setMine(new Set());
    let live = true;
    client.recording.proxies().then(
      (ids) => live && setMine(new Set(ids)),
      () => live && setMine(new Set()),
    );
    return () => {
      live = false;
    };
  }, [client, key]);
  return parties.filter((p) => mine.has(p.peerId));
}
