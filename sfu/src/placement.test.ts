import { describe, expect, it } from 'vitest';
import { pickLeastLoaded, type WorkerLoad } from './placement';

const w = (index: number, rooms: number, transports: number, alive = true): WorkerLoad => ({ index, alive, rooms, transports });

describe('pickLeastLoaded', () => {
  it('takes the worker with the fewest rooms + transports', () => {
    expect(pickLeastLoaded([w(0, 2, 8), w(1, 3, 2), w(2, 1, 10)])?.index).toBe(1);
  });

  it('spreads empty rooms before peers join', () => {
    expect(pickLeastLoaded([w(0, 1, 0), w(1, 0, 0)])?.index).toBe(1);
  });

  it('breaks ties by index', () => {
    expect(pickLeastLoaded([w(1, 1, 1), w(0, 1, 1)])?.index).toBe(0);
  });

  it('skips dead workers, and answers undefined when none is alive', () => {
    expect(pickLeastLoaded([w(0, 0, 0, false), w(1, 5, 5)])?.index).toBe(1);
    expect(pickLeastLoaded([w(0, 0, 0, false)])).toBeUndefined();
    expect(pickLeastLoaded([])).toBeUndefined();
  });
});
