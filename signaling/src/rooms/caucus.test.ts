import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { FakeMediaSession, FakeLink } from './fake-media';
import { Room } from './room';

const log = pino({ level: 'silent' });
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };


async function setup() {
  const room = new Room('r1', new FakeMediaSession(), { graceMs: 1000, log });
  const seat = async (peerId: string) => {
    const link = new FakeLink();
    const peer = room.join({ peerId, displayName: peerId, role: peerId === 'host' ? 'mediator' : 'party', autoAdmit: true }, link);
    const t = await room.wiring.createTransport(peer, 'send');
    await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    await room.wiring.createTransport(peer, 'recv');
    await room.wiring.ready(peer, { codecs: [] });
    return { peer, link };
  };
  const people = { host: await seat('host'), p1: await seat('p1'), p2: await seat('p2'), p3: await seat('p3') };
  await new Promise((r) => setTimeout(r, 10)); // consumers announced to earlier seats
  /** Whose media each peer now consumes. */
  const sources = (name: keyof typeof people) => [...people[name].peer.consumers.values()].map((c) => c.fromPeerId).sort();
  return { room, people, sources };
}

describe('Room caucus', () => {
  it('keeps consumers inside a group and restores them all in the plenary', async () => {
    const { room, people, sources } = await setup();
    expect(sources('p1')).toEqual(['host', 'p2', 'p3']);
    room.setCaucus([
      { label: 'A', peerIds: ['p1', 'p2'] },
      { label: 'B', peerIds: ['p3'] },
    ]);
    // closing is synchronous: nothing crosses the new lines once the call returns
    expect(sources('p1')).toEqual(['p2']);
    expect(sources('p3')).toEqual([]);
    expect(sources('host')).toEqual([]);
    expect(people.p1.link.events.filter((e) => e.name === 'consumerClosed')).toHaveLength(2);
    expect(people.p3.link.events.at(-1)).toEqual({ name: 'caucusChanged', payload: { groups: room.caucus.groups() } });

    room.moveToGroup('host', room.caucus.groups().find((g) => g.label === 'B')!.groupId);
    await new Promise((r) => setTimeout(r, 10));
    expect(sources('host')).toEqual(['p3']);
    expect(sources('p3')).toEqual(['host']);
    expect(people.p3.link.events.filter((e) => e.name === 'newConsumer')).toHaveLength(1);

    room.setCaucus([]);
    await new Promise((r) => setTimeout(r, 10));
    expect(sources('p1')).toEqual(['host', 'p2', 'p3']);
    expect(sources('host')).toEqual(['p1', 'p2', 'p3']);
  });

  it('creates no consumer across groups for a producer that starts later', async () => {
    const { room, people, sources } = await setup();
    room.setCaucus([{ label: 'A', peerIds: ['p1'] }]);
    const t = [...people.p2.peer.transports].find(([, d]) => d === 'send')![0];
    await room.wiring.produce(people.p2.peer, { transportId: t, kind: 'video', source: 'camera', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] } });
    await new Promise((r) => setTimeout(r, 10));
    expect(sources('p1')).toEqual([]);
    expect(sources('host').filter((p) => p === 'p2')).toHaveLength(2);
  });

  it('tells who is speaking only to those who can hear them', async () => {
    const { room, people } = await setup();
    const media = room.media as FakeMediaSession;
    const micOf = (name: keyof typeof people) => [...people[name].peer.producers.keys()][0]!;
    const [g] = room.setCaucus([{ label: '私下', peerIds: ['host', 'p1'] }]);
    expect(g).toMatchObject({ label: '私下', peerIds: ['host', 'p1'] });
    for (const p of Object.values(people)) p.link.events.length = 0;
    media.speak(micOf('p1'));
    const heard = (name: keyof typeof people) => people[name].link.of('activeSpeaker');
    expect(heard('host')).toEqual([{ peerId: 'p1' }]);
    expect(heard('p2')).toEqual([]); // the plenary learns nothing of the caucus
    expect(heard('p3')).toEqual([]);
    media.speak(micOf('p2'));
    expect(heard('p3')).toEqual([{ peerId: 'p2' }]);
    expect(heard('host')).toEqual([{ peerId: 'p1' }, { peerId: null }]);
    expect(heard('p1')).toEqual([{ peerId: 'p1' }, { peerId: null }]); // told of themself, like the room
    media.speak(null);
    expect(heard('p3')).toEqual([{ peerId: 'p2' }, { peerId: null }]);
    expect(heard('host')).toHaveLength(2); // already told nobody (they hear) speaks
  });

  it('refuses to move someone who is not in the room', async () => {
    const { room } = await setup();
    expect(() => room.moveToGroup('nobody', { label: 'A' })).toThrow(/not found/);
    expect(() => room.setCaucus([{ label: 'A', peerIds: ['p1', 'nobody'] }])).toThrow(/not found/);
    expect(room.caucus.groups()).toEqual([]);
  });
});

describe('Room caucus confidentiality', () => {
  it('someone sent back to the lobby reads nothing said in their group while they waited, nor a document shown meanwhile', async () => {
    const room = new Room('r-lobby-chat', new FakeMediaSession(), { graceMs: 1000, log });
    const join = (peerId: string) => room.join({ peerId, displayName: peerId, role: peerId === 'host' ? 'mediator' : 'party', autoAdmit: true }, new FakeLink());
    join('host');
    join('p1');
    room.setCaucus([{ label: '甲方', peerIds: ['host', 'p1'] }]);
    const g = room.caucus.group('p1')!;
    room.chat.post({ peerId: 'host', displayName: 'host', role: 'mediator' }, g, room.audienceOf(g), '先说好');
    room.removeParticipant('p1', 'lobby');
    room.chat.post({ peerId: 'host', displayName: 'host', role: 'mediator' }, g, room.audienceOf(g), '他不在时说的');
    room.docs.show({ documentId: 'd1', name: 'x.pdf', mime: 'application/pdf', byPeerId: 'host', groupId: g }, room.audienceOf(g));
    room.admit('p1');
    const p1 = room.peers.get('p1')!;
    expect(room.caucus.group('p1')).toBe(g);
    expect(room.view(p1).chat.map((m) => m.text)).toEqual(['先说好']);
    expect(room.view(p1).shownDocument).toBeNull();
  });
});
