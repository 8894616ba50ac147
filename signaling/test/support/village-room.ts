/**
 * A mediator (this host's network) and a villager (a VillageLink namespace) in one live
 * room, for the weak-link tests and bench:weak-link. The server listens on the link's host
 * address, which both reach; only the villager's traffic crosses the shaped veth pair.
 */
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './test-server';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium } from './browser';
import { VillageLink } from './netns';
import { signalRequest } from './signal-request';

export interface VillageRoom {
  link: VillageLink;
  server: TestServer;
  mediator: Participant;
  villager: Participant;
  close(): Promise<void>;
}

/** `admitted: 'by-host'`: the villager waits in the lobby until the mediator admits them (请进), as a party does. */
export async function openVillageRoom(room: string, opts: { graceMs?: number; admitted?: 'at-once' | 'by-host' } = {}): Promise<VillageRoom> {
  const link = VillageLink.create();
  const browsers: Browser[] = [];
  let server: TestServer | undefined;
  const people: Participant[] = [];
  const close = async () => {
    for (const p of people) await p.close();
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.stop();
    link.close();
  };
  try {
    server = await startTestServer({ ...(opts.graceMs ? { graceMs: opts.graceMs } : {}), env: { HOST: link.hostIp, MEDIASOUP_LISTEN_IP: link.hostIp, MEDIASOUP_ANNOUNCED_ADDRESS: link.hostIp, UPLINK_GUARD: 'on' } });
    const origin = server.url;
    browsers.push(...(await Promise.all([launchChromium([...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`]), link.launchChromium(origin)])));
    const byHost = opts.admitted === 'by-host';
    const url = async (name: string, role: 'mediator' | 'party') =>
      `${origin}/room/${room}#token=${await server!.token(room, role, name, `peer-${name}`, { talkRoom: '西村说事室', autoAdmit: role === 'mediator' || !byHost })}`;
    const mediator = await Participant.open(browsers[0]!, 'mediator', await url('mediator', 'mediator'));
    people.push(mediator);
    const villager = await Participant.open(browsers[1]!, 'villager', await url('villager', 'party'));
    people.push(villager);
    await Promise.all([mediator.waitForState('joined'), villager.waitForState('joined')]);
    if (byHost) {
      await eventually(async () => (await villager.run(() => globalThis.__shuoshi!.client!.admission)) === 'waiting', 30_000, 'the villager to wait in the lobby');
      const ack = await signalRequest(mediator, 'host:admit', { peerId: 'peer-villager' });
      if (!ack.ok) throw new Error(`the mediator could not admit the villager: ${ack.code}`);
    }
    await eventually(async () => (await mediator.from('peer-villager')).videoFrames > 0 && (await villager.from('peer-mediator')).audioBytes > 0, 30_000, 'media both ways through the village link');
    return { link, server, mediator, villager, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** What the mediator has received of the villager's audio so far (inbound-rtp, cumulative). */
export interface AudioReceipt {
  totalSamples: number;
  concealedSamples: number;
  jitterBufferDelay: number;
  jitterBufferEmitted: number;
  videoFrames: number;
  videoHeight: number;
}

export function audioReceipt(p: Participant, fromPeerId: string): Promise<AudioReceipt> {
  return p.page.evaluate(async (id) => {
    type Track = { consumer: { closed: boolean; getStats(): Promise<Map<string, Record<string, unknown>>> } };
    const client = globalThis.__shuoshi!.client as unknown as { peers: { list: Array<{ peerId: string; microphone?: Track; camera?: Track }> } };
    const peer = client.peers.list.find((x) => x.peerId === id);
    const out = { totalSamples: 0, concealedSamples: 0, jitterBufferDelay: 0, jitterBufferEmitted: 0, videoFrames: 0, videoHeight: 0 };
    for (const t of [peer?.microphone, peer?.camera]) {
      if (!t || t.consumer.closed) continue;
      (await t.consumer.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type !== 'inbound-rtp') return;
        // no helper functions in here: tsx (esbuild keepNames) would wrap them in a __name the page lacks
        const v = s as Record<string, number | undefined>;
        if (s.kind === 'audio') {
          out.totalSamples += v.totalSamplesReceived ?? 0;
          out.concealedSamples += v.concealedSamples ?? 0;
          out.jitterBufferDelay += v.jitterBufferDelay ?? 0;
          out.jitterBufferEmitted += v.jitterBufferEmittedCount ?? 0;
        } else {
          out.videoFrames += v.framesDecoded ?? 0;
          out.videoHeight = Math.max(out.videoHeight, v.frameHeight ?? 0);
        }
      });
    }
    return out;
  }, fromPeerId);
}

/** Concealment (%), mean jitter-buffer delay (ms), decoded fps and last height between two receipts `seconds` apart. */
export function between(a: AudioReceipt, b: AudioReceipt, seconds: number) {
  const samples = b.totalSamples - a.totalSamples;
  const emitted = b.jitterBufferEmitted - a.jitterBufferEmitted;
  return {
    concealedPct: samples > 0 ? Math.round(((b.concealedSamples - a.concealedSamples) / samples) * 1000) / 10 : null,
    jitterBufferMs: emitted > 0 ? Math.round(((b.jitterBufferDelay - a.jitterBufferDelay) / emitted) * 1000) : null,
    videoFps: Math.round(((b.videoFrames - a.videoFrames) / seconds) * 10) / 10,
    videoHeight: b.videoHeight,
  };
}
