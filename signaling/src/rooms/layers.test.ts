import { describe, expect, it } from 'vitest';
import { encodingScales, pickSpatialLayer } from './layers';
import { turnIceServers } from './ice-servers';
import crypto from 'node:crypto';

describe('pickSpatialLayer', () => {
  const scales = [4, 2, 1]; // 120, 240, 480 px from a 480 px camera
  it.each([
    [0, 0],
    [90, 0],
    [120, 0],
    [130, 0],
    [200, 1],
    [240, 1],
    [360, 2],
    [2000, 2],
  ])('a %i px tall tile gets layer %i', (h, layer) => expect(pickSpatialLayer(scales, 480, h)).toBe(layer));
  it('single-encoding producers always use layer 0', () => expect(pickSpatialLayer([1], 480, 1000)).toBe(0));
  it('fills in default scales', () => {
    expect(encodingScales([{}, {}, {}])).toEqual([4, 2, 1]);
    expect(encodingScales(undefined)).toEqual([1]);
    expect(encodingScales([{ scaleResolutionDownBy: 3 }, { scaleResolutionDownBy: 1 }])).toEqual([3, 1]);
  });
});

describe('turnIceServers', () => {
  it('is empty without TURN', () => expect(turnIceServers(undefined, 'p')).toEqual([]));
  it('makes coturn use-auth-secret credentials', () => {
    const now = Date.UTC(2026, 0, 1);
    const [s] = turnIceServers({ urls: ['turn:1.2.3.4:3478'], secret: 'sekrit' }, 'p-1', 3600, now);
    expect(s?.username).toBe(`${now / 1000 + 3600}:p-1`);
    expect(s?.credential).toBe(crypto.createHmac('sha1', 'sekrit').update(s!.username!).digest('base64'));
    expect(s?.urls).toEqual(['turn:1.2.3.4:3478']);
  });
});
