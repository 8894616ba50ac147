/**
 * The page's test hook (`window.__shuoshi`, installed by web/src/room/test-hook.ts) as
 * tests see it. Signalling's TypeScript has no DOM library and may not import the web
 * package, so this restates the small contract; a drift fails the browser tests.
 */
export type PageRoomState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed';

export interface PageInboundStats {
  peerId: string;
  source: 'camera' | 'microphone';
  kind: 'audio' | 'video';
  consumerId: string;
  muted: boolean;
  bytesReceived: number;
  packetsReceived: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
}

export interface PageRoomClient {
  state: PageRoomState;
  endReason: string | undefined;
  self: { roomId: string; peerId: string; displayName: string; role: string } | undefined;
  peers: { list: Array<{ peerId: string; connection: string; microphone?: { muted: boolean }; camera?: { muted: boolean }; videoHeld?: boolean }> };
  counters: { resumes: number; rejoins: number; iceRestarts: number };
  /** The address the signalling socket is connected to now (several nodes: the node hosting the room). */
  signalUrl: string;
  activeSpeaker: string | null;
  join(): Promise<void>;
  leave(): Promise<void>;
  setMicrophoneMuted(muted: boolean): Promise<void>;
  setCameraOff(off: boolean): Promise<void>;
  inboundStats(): Promise<PageInboundStats[]>;
  outboundStats(): Promise<Array<{ source: string; rid: string | undefined; bytesSent: number; frameHeight: number; framesEncoded: number }>>;
  dropSocket(reconnectAfterMs?: number): void;
  recording: PageRecordingState;
  consentRequest: { requestedBy: string | null; recordCaucus: boolean } | undefined;
  startRecording(): Promise<PageRecordingState>;
  stopRecording(): Promise<PageRecordingState>;
  setRecordCaucus(recordCaucus: boolean): Promise<PageRecordingState>;
  giveConsent(decision: 'agree' | 'decline', onBehalfOf?: string): Promise<PageRecordingState>;
  withdrawConsent(): Promise<PageRecordingState>;
  admission: 'waiting' | 'admitted' | 'declined' | undefined;
  hostId: string | null;
  lobby: Array<{ peerId: string; displayName: string; role: string; talkRoom: string | null; since: string; connection: string }>;
  chat: PageChatMessage[];
  shownDocument: { documentId: string; name: string; mime: string; url: string; byPeerId: string; groupId: string | null } | null;
  caucus: Array<{ groupId: string; peerIds: string[] }>;
  locked: boolean;
  hands: ReadonlySet<string>;
  hostMutes: ReadonlySet<string>;
  admit(peerId: string): Promise<void>;
  /** The lobby as it changes (mediators). */
  on(event: 'lobby', listener: (waiting: PageRoomClient['lobby']) => void): () => void;
  admitAll(): Promise<string[]>;
  decline(peerId: string): Promise<void>;
  removeParticipant(peerId: string, to?: 'out' | 'lobby'): Promise<void>;
  hostMute(peerId: string, source: 'microphone' | 'camera', muted: boolean): Promise<void>;
  moveTo(peerId: string, to: string | null | { label: string }): Promise<unknown>;
  sendChat(text: string): Promise<PageChatMessage>;
  loadChat(): Promise<PageChatMessage[]>;
  showDocument(documentId: string): Promise<void>;
  hideDocument(): Promise<void>;
}

export interface PageRecordingState {
  state: 'idle' | 'awaiting-consent' | 'recording' | 'stopped';
  pending: string[];
  declined: string[];
  agreed: string[];
  recordCaucus: boolean;
}

export interface PageChatMessage {
  messageId: string;
  peerId: string;
  displayName: string;
  text: string;
  at: string;
  groupId: string | null;
}

export interface PageHook {
  client: PageRoomClient | undefined;
  firstRemoteFrame(since: number, peerId?: string, timeoutMs?: number): Promise<number>;
}

declare global {
  // in the page: window.__shuoshi (page.evaluate callbacks read globalThis.__shuoshi)
  var __shuoshi: PageHook | undefined;
}

