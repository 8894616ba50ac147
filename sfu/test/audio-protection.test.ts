/**
 * What protects a villager's voice on a lossy link, as the real worker does it (issue #16):
 * Opus in-band FEC and DTX in every room's router; RED (redundant Opus) not possible
 * with this mediasoup, which refuses audio/red as a router codec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mediasoup from 'mediasoup';
import { MEDIA_CODECS } from '../src/index';

let worker: mediasoup.types.Worker;

beforeAll(async () => {
  worker = await mediasoup.createWorker({ logLevel: 'error' });
});
afterAll(() => worker?.close());

describe('audio protection in the router', () => {
  it('asks for Opus in-band FEC and DTX', async () => {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const opus = router.rtpCapabilities.codecs!.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
    expect(opus?.parameters).toMatchObject({ useinbandfec: 1, usedtx: 1 });
    router.close();
  });

  it('cannot carry RED: mediasoup 3.19 refuses audio/red (add it to MEDIA_CODECS when this fails)', async () => {
    const red: mediasoup.types.RouterRtpCodecCapability = { kind: 'audio', mimeType: 'audio/red', clockRate: 48000, channels: 2 };
    await expect(worker.createRouter({ mediaCodecs: [...MEDIA_CODECS, red] })).rejects.toThrow(/not supported/i);
  });
});
