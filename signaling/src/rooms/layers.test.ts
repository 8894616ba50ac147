import { describe, expect, it } from 'vitest';
import { encodingScales, pickSpatialLayer } from './layers';
import { turnIceServers } from './ice-servers';
import crypto from 'node:crypto';

describe('pickSpatialLayer', () => {
  // the camera's layers: 960 × 540 captured, sent at 1/4, 1/2 and full size (135, 270, 540 px)
  const scales = [4, 2, 1];

  it('does not send 540p to a 306 px tile: 270p enlarged 1.13× is what the eye needs', () => {
    expect(pickSpatialLayer(scales, 540, 306)).toBe(1);
  });

  it.each([
    [0, 0],
    [1, 0],
    [135, 0],
    [190, 0], // 135p enlarged 1.41×
    [191, 1],
    [225, 1], // a 300 × 225 tile
    [270, 1],
    [381, 1], // 270p enlarged 1.41×
    [382, 2],
    [540, 2],
    [2000, 2],
  ])('a %i px tall tile gets layer %i', (h, layer) => expect(pickSpatialLayer(scales, 540, h)).toBe(layer));

  it('with layers a factor 2 apart: never sends a layer more than √2 taller than the tile, nor one enlarged more than √2 when a taller one exists', () => {
    for (const [sourceHeight, s] of [
      [540, scales],
      [480, [4, 2, 1]],
      [1080, [4, 2, 1]],
    ] as const) {
      for (let h = 1; h <= 2500; h++) {
        const layer = pickSpatialLayer([...s], sourceHeight, h);
        const got = sourceHeight / s[layer]!;
        if (layer > 0) expect(got, `${h} px tile, ${sourceHeight}p source`).toBeLessThanOrEqual(h * Math.SQRT2);
        if (layer < s.length - 1) expect(got * Math.SQRT2, `${h} px tile, ${sourceHeight}p source`).toBeGreaterThanOrEqual(h);
      }
    }
  });

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
