import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { FakeConsumer, FakeLink, FakeMediaSession } from './fake-media';
import { Room } from './room';

const log = pino({ level: 'silent' });
const video: RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ scaleResolutionDownBy: 4 }, { scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 1 }],
};
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };

/** One sender (camera 960 × 540 in three layers, microphone) and a viewer that resumed both. */
async function viewerOfOne() {
  const media = new FakeMediaSession();
  const room = new Room('r-offscreen', media, { graceMs: 20_000, log });
  const sender = room.join({ peerId: 'a', displayName: 'a', role: 'party', autoAdmit: true }, new FakeLink());
  const t = await room.wiring.createTransport(sender, 'send');
  await room.wiring.produce(sender, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
  await room.wiring.produce(sender, { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: video, sourceHeight: 540 });
  const viewer = room.join({ peerId: 'viewer', displayName: 'viewer', role: 'mediator' }, new FakeLink());
  await room.wiring.createTransport(viewer, 'recv');
  await room.wiring.ready(viewer, { codecs: [] });
  const id = (kind: 'audio' | 'video') => [...viewer.consumers].find(([, c]) => c.consumer.kind === kind)![0];
  const fake = (kind: 'audio' | 'video') => media.consumers.get(id(kind)) as FakeConsumer;
  return { media, room, viewer, id, fake };
}

describe('a tile out of view (setRenderedSize 0 × 0)', () => {
  it('pauses its video on the server; back in view it resumes, at the layer the tile asked for before the first frame', async () => {
    const { room, viewer, id, fake } = await viewerOfOne();
    await room.wiring.resumeConsumer(viewer, id('video'));
    await room.wiring.resumeConsumer(viewer, id('audio'));
    expect(await room.wiring.setRenderedSize(viewer, id('video'), 400, 225)).toBe(1);
    expect(fake('video').paused).toBe(false);

    expect(await room.wiring.setRenderedSize(viewer, id('video'), 0, 0)).toBe(0);
    expect(fake('video').paused).toBe(true);
    expect(fake('audio').paused).toBe(false); // the voice is heard wherever the tile is

    const layerAtResume: Array<number | undefined> = [];
    const resume = fake('video').resume.bind(fake('video'));
    fake('video').resume = async () => (layerAtResume.push(fake('video').preferred?.spatialLayer), resume());
    expect(await room.wiring.setRenderedSize(viewer, id('video'), 960, 720)).toBe(2);
    expect(fake('video').paused).toBe(false);
    expect(layerAtResume).toEqual([2]);
  });

  it('stays paused when the client resumes it (a tile out of view from the start)', async () => {
    const { room, viewer, id, fake } = await viewerOfOne();
    await room.wiring.setRenderedSize(viewer, id('video'), 0, 0);
    await room.wiring.resumeConsumer(viewer, id('video'));
    expect(fake('video').paused).toBe(true);
    await room.wiring.setRenderedSize(viewer, id('video'), 300, 225);
    expect(fake('video').paused).toBe(false);
  });

  it('does not flow before the client resumed it, even when shown', async () => {
    const { room, viewer, id, fake } = await viewerOfOne();
    await room.wiring.setRenderedSize(viewer, id('video'), 0, 0);
    await room.wiring.setRenderedSize(viewer, id('video'), 300, 225);
    expect(fake('video').paused).toBe(true);
  });

  it('neither a downlink hold nor the tile decides alone: the video flows when both let it', async () => {
    const { room, viewer, id, fake } = await viewerOfOne();
    await room.wiring.resumeConsumer(viewer, id('video'));
    await room.audioOnly.set('viewer', true); // the host's audio-only switch holds the viewer's video (downlink-guard.ts)
    expect(fake('video').paused).toBe(true);
    await room.wiring.setRenderedSize(viewer, id('video'), 300, 225); // scrolled into view: still held
    expect(fake('video').paused).toBe(true);
    await room.wiring.setRenderedSize(viewer, id('video'), 0, 0);
    await room.audioOnly.set('viewer', false); // the hold ends while the tile is out of view: still paused
    expect(fake('video').paused).toBe(true);
    await room.wiring.setRenderedSize(viewer, id('video'), 300, 225);
    expect(fake('video').paused).toBe(false);
  });

  it('leaves audio alone', async () => {
    const { room, viewer, id, fake } = await viewerOfOne();
    await room.wiring.resumeConsumer(viewer, id('audio'));
    expect(await room.wiring.setRenderedSize(viewer, id('audio'), 0, 0)).toBe(0);
    expect(fake('audio').paused).toBe(false);
  });
});
