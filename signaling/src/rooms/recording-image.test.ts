import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import type { ConsentEntry, ConsentLedger, RoomSession } from './consent-ledger';
import { FakeLink, FakeMediaSession } from './fake-media';
import type { Peer } from './peer';
import { Room } from './room';
import { imageOf, parseImage, restoreImage } from './room-image';
import { RoomRecordings, type TrackSink } from './room-recording';

const log = pino({ level: 'silent' });
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };

class FakeSink implements TrackSink {
  closed = false;
  readonly live = new Map<string, string>();
  readonly stops: string[] = [];
  async start(producerId: string, p: { label: string; peerId: string }) {
    this.live.set(producerId, p.peerId);
  }
  async stop(producerId: string, reason: string) {
    this.live.delete(producerId);
    this.stops.push(reason);
  }
  isRecording(producerId: string) {
    return this.live.has(producerId);
  }
}

class FakeLedger implements ConsentLedger {
  readonly rows: ConsentEntry[] = [];
  async sessionOf(): Promise<RoomSession> {
    return { id: 's-1', caseId: 'c-1', ended: false };
  }
  async record(e: ConsentEntry) {
    this.rows.push(e);
  }
  async mayAnswerFor() {
    return false;
  }
}

/** One node: a room, its recordings, and what its recorder was told. */
function node() {
  const room = new Room('r-rec-img', new FakeMediaSession(), { graceMs: 60_000, log });
  const sink = new FakeSink();
  const ledger = new FakeLedger();
  const takenOver: string[] = [];
  const changes: string[] = [];
  const recordings = new RoomRecordings({ ledger, recorderFor: async () => sink, takeOver: async (id) => void takenOver.push(id), stateChanged: (r) => void changes.push(recordings.imageOf(r)!.state), log });
  const links = new Map<string, FakeLink>();
  const produce = async (peer: Peer) => {
    const t = await room.wiring.createTransport(peer, 'send');
    await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
  };
  const seat = async (peerId: string, role: 'mediator' | 'party' = 'party') => {
    const link = new FakeLink();
    links.set(peerId, link);
    const peer = room.join({ peerId, displayName: peerId, role, autoAdmit: true, ...(role === 'mediator' ? { host: true } : {}) }, link);
    await produce(peer);
    return peer;
  };
  /** A seat of the rebuilt room comes back (a new socket, new transports: a new producer). */
  const comeBack = async (peerId: string, sessionId: string) => {
    const link = new FakeLink();
    links.set(peerId, link);
    const peer = room.resume(peerId, sessionId, link);
    await produce(peer);
    return peer;
  };
  const recordedPeers = async () => {
    await recordings.get(room)?.settled();
    return [...new Set(sink.live.values())].sort();
  };
  return { room, sink, ledger, recordings, links, seat, comeBack, recordedPeers, takenOver, changes };
}

/** The room's node goes: another rebuilds the room from the image, as the directory holds it (JSON). */
function rebuild(from: ReturnType<typeof node>) {
  const json = JSON.stringify(imageOf(from.room, from.recordings.imageOf(from.room)));
  const to = node();
  const image = parseImage(json)!;
  restoreImage(to.room, image);
  if (image.recording) to.recordings.restore(to.room, image.recording);
  return to;
}

/** A host and a villager; the host asked to record and agreed, the villager has not answered yet. */
async function asked() {
  const a = node();
  const host = await a.seat('host', 'mediator');
  const villager = await a.seat('villager');
  const rec = a.recordings.for(a.room);
  await rec.start(host);
  await rec.give(host, 'agree');
  return { a, host, villager, rec };
}

describe('the recording in a room image (issue #15)', () => {
  it('keeps the round: whoever agreed is recorded again on the new node without being asked; a newcomer who had not answered is not', async () => {
    const { a, host, villager, rec } = await asked();
    await rec.give(villager, 'agree');
    const late = await a.seat('late'); // arrives during the round: asked, not recorded
    expect(await a.recordedPeers()).toEqual(['host', 'villager']);
    expect(rec.info()).toMatchObject({ state: 'recording', pending: ['late'] });

    const b = rebuild(a);
    expect(b.recordings.get(b.room)!.info()).toMatchObject({ state: 'recording', agreed: ['host', 'villager'], pending: ['late'], recordCaucus: false });
    for (const p of [host, villager, late]) await b.comeBack(p.id, p.sessionId);
    expect(await b.recordedPeers()).toEqual(['host', 'villager']);
    // the ones who agreed hear the state, not the question; the one who had not answered is asked
    expect(b.links.get('host')!.of('consentRequested')).toEqual([]);
    expect(b.links.get('villager')!.of('consentRequested')).toEqual([]);
    expect(b.links.get('late')!.of('consentRequested')).toHaveLength(1);
    expect(b.links.get('villager')!.of('recordingState').at(-1)).toMatchObject({ state: 'recording' });
    // no answer was written again, and the old node's tracks are finalised by the new one
    expect(b.ledger.rows).toEqual([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(b.takenOver).toEqual(['s-1']);
  });

  it('records nobody after a rebuild when the round had ended with a decline, or was still asking', async () => {
    const { a, host, villager, rec } = await asked();
    const asking = rebuild(a);
    for (const p of [host, villager]) await asking.comeBack(p.id, p.sessionId);
    expect(await asking.recordedPeers()).toEqual([]);
    expect(asking.links.get('host')!.of('consentRequested')).toEqual([]);
    expect(asking.links.get('villager')!.of('consentRequested')).toHaveLength(1);

    await rec.give(villager, 'decline');
    // each change went to the image as it happened (the placement writes it at once), the decline too
    expect(a.changes).toEqual(['awaiting-consent', 'awaiting-consent', 'stopped']);
    const declined = rebuild(a);
    for (const p of [host, villager]) await declined.comeBack(p.id, p.sessionId);
    expect(declined.recordings.get(declined.room)!.info()).toMatchObject({ state: 'stopped', declined: ['villager'] });
    expect(await declined.recordedPeers()).toEqual([]);
  });

  it('rebuilds a v1 image (no recording part) with recording idle, and drops a malformed part', async () => {
    const a = node();
    const host = await a.seat('host', 'mediator');
    const img = imageOf(a.room, { state: 'recording', agreed: ['host'], pending: [], declined: [], recordCaucus: false });
    const { recording: _r, ...rest } = img;
    expect(parseImage(JSON.stringify({ ...rest, v: 1 }))).toMatchObject({ v: 1, seats: [{ peerId: 'host' }] });
    expect(parseImage(JSON.stringify({ ...rest, v: 1 }))!.recording).toBeUndefined();
    expect(parseImage(JSON.stringify({ ...img, recording: { state: 'recording', agreed: 'host' } }))!.recording).toBeUndefined();
    expect(parseImage(JSON.stringify({ ...img, v: 3 }))).toBeUndefined();
    const b = node();
    restoreImage(b.room, parseImage(JSON.stringify({ ...rest, v: 1 }))!);
    expect(b.room.peers.has('host')).toBe(true);
    await b.comeBack('host', host.sessionId);
    expect(b.recordings.get(b.room)).toBeUndefined();
  });

  it('a drain stops what is recorded here (room-moved) and records nothing more here, the round kept for the next node', async () => {
    const a = node();
    const host = await a.seat('host', 'mediator');
    const rec = a.recordings.for(a.room);
    await rec.start(host);
    await rec.give(host, 'agree');
    expect(await a.recordedPeers()).toEqual(['host']);
    await a.recordings.handOver(a.room);
    expect(a.sink.live.size).toBe(0);
    expect(a.sink.stops).toEqual(['room-moved']);
    await a.seat('late');
    expect(await a.recordedPeers()).toEqual([]);
    expect(a.recordings.imageOf(a.room)).toMatchObject({ state: 'recording', agreed: ['host'] });
  });
});
