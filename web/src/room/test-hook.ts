import type { ChatMessage, ConsentAnswer, MediaSource, RecordingStateInfo, WaitingPeer } from '@shuoshi/protocol';
import type { RoomClient } from './room-client';

/**
 * `window.__shuoshi`: what browser tests and the join benchmark read instead of
 * scraping the DOM. It exposes nothing a script on the page could not reach anyway.
 * Its `client` is the room as one flat object (the contract in
 * signaling/test/support/page-hook.ts), read through the client's feature modules.
 */
export interface ShuoshiTestHook {
  client: PageRoomClient | undefined;
  /** Resolves when a video from `peerId` (any peer if omitted) has decoded a frame; returns ms since `since`. */
  firstRemoteFrame(since: number, peerId?: string, timeoutMs?: number): Promise<number>;
}

declare global {
  interface Window {
    __shuoshi?: ShuoshiTestHook;
  }
}

export type PageRoomClient = ReturnType<typeof pageClient>;

export function installTestHook(client: RoomClient | undefined): void {
  window.__shuoshi = {
    client: client && pageClient(client),
    async firstRemoteFrame(since, peerId, timeoutMs = 20_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const stats = (await client?.inboundStats()) ?? [];
        if (stats.some((s) => s.kind === 'video' && s.framesDecoded > 0 && (!peerId || s.peerId === peerId))) return performance.now() - since;
        if (performance.now() > deadline) throw new Error('no remote video frame decoded');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

/** Drop the signalling socket (the page and its media stay); reconnect now or after a pause. */
export function dropSocket(client: RoomClient, reconnectAfterMs?: number): void {
  const manager = client.signal.socket.io;
  if (reconnectAfterMs === undefined) {
    manager.engine?.close();
    return;
  }
  manager.reconnection(false);
  manager.engine?.close();
  setTimeout(() => {
    manager.reconnection(true);
    client.signal.socket.connect();
  }, reconnectAfterMs);
}

/** The room as tests read it: the connection's state and each feature's, flat; `endReason` as the code or seat-end word. */
function pageClient(c: RoomClient) {
  /** performance.now() of the last join's steps (the join benchmark's breakdown). */
  const marks: Record<string, number> = {};
  c.on('step', (step) => (marks[step] = performance.now()));
  return {
    marks,
    signal: c.signal,
    counters: c.counters,
    get signalUrl() { return c.signal.url; },
    peers: c.peers,
    get state() { return c.state; },
    get endReason(): string | undefined {
      const r = c.endReason;
      return r && (r.kind === 'seatEnded' ? r.reason : r.code);
    },
    get self() { return c.self; },
    get activeSpeaker() { return c.activeSpeaker; },
    /** Our uplink as the uplink guard judges it: good, audioOnly or recovering (issue #16). */
    get uplink() { return c.local.uplink; },
    get admission() { return c.admission; },
    get hostId() { return c.host.hostId; },
    get locked() { return c.host.locked; },
    get hands() { return c.host.hands; },
    get hostMutes() { return c.host.hostMutes; },
    get lobby() { return c.lobby.waiting; },
    get chat() { return c.chat.messages; },
    get shownDocument() { return c.documents.shown; },
    get caucus() { return c.caucus.groups; },
    get recording() { return c.recording.info; },
    get consentRequest() { return c.recording.consentRequest; },
    join: () => c.join(),
    leave: () => c.leave(),
    setMicrophoneMuted: (muted: boolean) => c.setMicrophoneMuted(muted),
    setCameraOff: (off: boolean) => c.setCameraOff(off),
    inboundStats: () => c.inboundStats(),
    outboundStats: () => c.outboundStats(),
    dropSocket: (reconnectAfterMs?: number) => dropSocket(c, reconnectAfterMs),
    startRecording: (): Promise<RecordingStateInfo> => c.recording.start(),
    stopRecording: (): Promise<RecordingStateInfo> => c.recording.stop(),
    setRecordCaucus: (recordCaucus: boolean) => c.recording.setRecordCaucus(recordCaucus),
    giveConsent: (decision: ConsentAnswer, onBehalfOf?: string) => c.recording.giveConsent(decision, onBehalfOf),
    withdrawConsent: () => c.recording.withdrawConsent(),
    admit: (peerId: string) => c.lobby.admit(peerId),
    admitAll: () => c.lobby.admitAll(),
    decline: (peerId: string) => c.lobby.decline(peerId),
    removeParticipant: (peerId: string, to?: 'out' | 'lobby') => c.lobby.removeParticipant(peerId, to),
    hostMute: (peerId: string, source: MediaSource, muted: boolean) => c.host.hostMute(peerId, source, muted),
    moveTo: (peerId: string, to: string | null | { label: string }) => c.caucus.moveTo(peerId, to),
    /** The lobby as it changes (mediators). */
    on: (event: 'lobby', listener: (waiting: WaitingPeer[]) => void) => c.lobby.on('change', () => listener(c.lobby.waiting)),
    sendChat: (text: string): Promise<ChatMessage> => c.chat.send(text),
    loadChat: () => c.chat.load(),
    showDocument: (documentId: string) => c.documents.show(documentId),
    hideDocument: () => c.documents.hide(),
  };
}
