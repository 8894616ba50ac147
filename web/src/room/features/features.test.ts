import { describe, expect, it } from 'vitest';
import type { ChatMessage, DocShown, RoomView } from '@shuoshi/protocol';
import type { RoomEvents, RoomLink, SeatAdmission, SelfInfo } from '../core';
import { Emitter } from '../emitter';
import type { Signal } from '../signal';
import { Caucus } from './caucus';
import { RoomChat } from './chat';
import { SharedDocument } from './documents';
import { HostControls } from './host-controls';
import { LobbyControls } from './lobby';
import { RecordingConsent } from './recording';

/** The signalling channel as the features use it: notifications in, requests out (answered from `answers`). */
class FakeSignal {
  readonly sent: string[] = [];
  readonly answers: Record<string, unknown> = {};
  private readonly listeners = new Map<string, Array<(p: unknown) => void>>();
  on(name: string, l: (p: unknown) => void): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), l]);
  }
  async request(name: string): Promise<unknown> {
    this.sent.push(name);
    return this.answers[name] ?? {};
  }
  notify(name: string, payload: unknown): void {
    for (const l of this.listeners.get(name) ?? []) l(payload);
  }
}

class FakeLink extends Emitter<RoomEvents> implements RoomLink {
  readonly fake = new FakeSignal();
  readonly signal = this.fake as unknown as Signal;
  self: SelfInfo | undefined = { roomId: 'r', peerId: 'me', displayName: '我', role: 'party' };
  admission: SeatAdmission | undefined = 'admitted';
  fire<E extends keyof RoomEvents>(event: E, ...args: RoomEvents[E]): void {
    this.emit(event, ...args);
  }
}

function room() {
  const link = new FakeLink();
  const caucus = new Caucus(link);
  return { link, caucus, host: new HostControls(link), lobby: new LobbyControls(link), chat: new RoomChat(link, caucus), documents: new SharedDocument(link, caucus), recording: new RecordingConsent(link) };
}

const message = (id: string, groupId: string | null = null): ChatMessage => ({ messageId: id, peerId: 'p', displayName: '张三', text: id, at: '2026-12-01T00:00:00.000Z', groupId });
const doc = (groupId: string | null): DocShown => ({ documentId: 'd1', name: '协议.pdf', mime: 'application/pdf', url: '/d1', byPeerId: 'm', groupId });
const view = (over: Partial<RoomView> = {}): RoomView => ({ peers: [], hostId: 'm', caucus: [], locked: false, chat: [], shownDocument: null, hands: [], hostMutes: [], ...over });

describe('room features', () => {
  it('each takes its part of the room view, and says so', () => {
    const r = room();
    let changes = 0;
    const features: Array<{ on(event: 'change', l: () => void): () => void }> = [r.host, r.caucus, r.chat, r.documents];
    for (const f of features) f.on('change', () => changes++);
    r.link.fire('view', view({ hostId: 'm', locked: true, hands: ['p'], hostMutes: [{ peerId: 'p', source: 'camera' }], caucus: [{ groupId: 'g', label: '甲', peerIds: ['me'] }], chat: [message('a')], shownDocument: doc('g') }));
    expect([r.host.hostId, r.host.locked, [...r.host.hands], [...r.host.hostMutes]]).toEqual(['m', true, ['p'], ['p:camera']]);
    expect(r.caucus.groupOf('me')).toBe('g');
    expect(r.chat.messages.map((m) => m.messageId)).toEqual(['a']);
    expect(r.chat.more).toBe(false);
    expect(r.documents.shown?.documentId).toBe('d1');
    expect(changes).toBe(4);
  });

  it('a move to another group reloads the chat and hides a document shown to the old group', async () => {
    const r = room();
    r.link.fire('view', view({ caucus: [{ groupId: 'g', label: '甲', peerIds: ['me'] }], shownDocument: doc('g') }));
    r.link.fake.answers['chat:history'] = { messages: [message('b', null)], more: false };
    r.link.fake.notify('caucusChanged', { groups: [] });
    expect(r.documents.shown).toBeNull();
    await Promise.resolve();
    expect(r.link.fake.sent).toEqual(['chat:history']);
    await new Promise((res) => setTimeout(res, 0));
    expect(r.chat.messages.map((m) => m.messageId)).toEqual(['b']);
  });

  it('a regrouping that leaves this seat where it was reloads nothing', () => {
    const r = room();
    r.link.fire('view', view({ shownDocument: doc(null) }));
    r.link.fake.notify('caucusChanged', { groups: [{ groupId: 'g2', label: '乙', peerIds: ['other'] }] });
    expect(r.link.fake.sent).toEqual([]);
    expect(r.documents.shown?.documentId).toBe('d1');
  });

  it('sent back to the lobby: the chat is emptied; the lobby list follows the seat and lobbyChanged', () => {
    const r = room();
    r.link.fake.notify('chat', message('a'));
    r.link.fake.notify('chat', message('a'));
    expect(r.chat.messages).toHaveLength(1);
    r.link.fake.notify('returnedToLobby', {});
    expect(r.chat.messages).toEqual([]);
    const waiting = { peerId: 'w', displayName: '王五', role: 'party' as const, talkRoom: null, since: '2026-12-01T00:00:00.000Z', connection: 'connected' as const };
    r.link.fire('seat', { lobby: [waiting] } as unknown as RoomEvents['seat'][0]);
    expect(r.lobby.waiting).toEqual([waiting]);
    r.link.fake.notify('lobbyChanged', { waiting: [] });
    expect(r.lobby.waiting).toEqual([]);
  });

  it('our own resume refused MUTED_BY_HOST shows as a host mute of ours', () => {
    const r = room();
    r.link.fire('mutedByHost', 'microphone');
    expect([...r.host.hostMutes]).toEqual(['me:microphone']);
    r.link.fake.notify('hostMuted', { peerId: 'me', source: 'microphone', muted: false });
    expect([...r.host.hostMutes]).toEqual([]);
  });

  it('the consent request is kept until this seat is no longer pending', () => {
    const r = room();
    r.link.fake.notify('consentRequested', { requestedBy: 'm', recordCaucus: false });
    r.link.fake.notify('recordingState', { state: 'awaiting-consent', pending: ['me'], declined: [], agreed: [], recordCaucus: false });
    expect(r.recording.consentRequest).toEqual({ requestedBy: 'm', recordCaucus: false });
    r.link.fake.notify('recordingState', { state: 'recording', pending: [], declined: [], agreed: ['me'], recordCaucus: false });
    expect(r.recording.consentRequest).toBeUndefined();
    expect(r.recording.info.state).toBe('recording');
  });
});
