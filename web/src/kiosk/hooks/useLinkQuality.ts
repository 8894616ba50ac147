import { useEffect, useState } from 'react';
import type { RoomClient } from '../../room';
import { classifyLink, readLink, type LinkQuality, type LinkSample, type LossCounters } from '../quality';

export interface LinkState {
  quality: LinkQuality;
  sample: LinkSample | undefined;
}

/** The link quality of a joined client, sampled every 2 s from its transports' getStats(). */
export function useLinkQuality(client: RoomClient | undefined, joined: boolean): LinkState {
  const [state, setState] = useState<LinkState>({ quality: 'unknown', sample: undefined });
  useEffect(() => {
    if (!client || !joined) {
      setState({ quality: 'unknown', sample: undefined });
      return;
    }
    let prev: LossCounters | undefined;
    let stopped = false;
    const tick = async () => {
      const reports = await client.transportStats().catch(() => []);
      if (stopped || reports.length === 0) return;
      const { sample, counters } = readLink(reports as never, prev);
      prev = counters;
      setState({ quality: classifyLink(sample), sample });
    };
    void tick();
    const timer = setInterval(() => void tick(), 2_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, joined]);
  return state;
}
