/** What placement knows of one worker. */
export interface WorkerLoad {
  index: number;
  alive: boolean;
  rooms: number;
  transports: number;
}

/**
 * The live worker that should take a new room: the one with the least load, where
 * load = rooms + transports. A room counts once on its own, so a burst of new rooms
 * spreads across workers before anyone joins; each transport (about one per peer and
 * direction) counts as the forwarding work it brings. Ties go to the lowest index.
 * Returns undefined when no worker is alive.
 */
export function pickLeastLoaded(loads: readonly WorkerLoad[]): WorkerLoad | undefined {
  let best: WorkerLoad | undefined;
  for (const l of loads) {
    if (!l.alive) continue;
    if (!best) {
      best = l;
      continue;
    }
    const a = l.rooms + l.transports;
    const b = best.rooms + best.transports;
    if (a < b || (a === b && l.index < best.index)) best = l;
  }
  return best;
}
