import crypto from 'node:crypto';
import type { ChatMessage, Role } from '@shuoshi/protocol';
import { CHAT_JOIN_PAGE } from '@shuoshi/protocol';
import type { Logger } from '../logger';
import { RoomErrors } from './errors';
import type { GroupScope } from './group-scope';
import type { Peer } from './peer';

/** Where a room's chat is kept beyond the live room (a table, for rooms that belong to a Session). */
export interface ChatStore {
  /** The latest messages kept for this room (at most `limit`), oldest first (none when the room has no session). */
  load(roomId: string, limit: number): Promise<ChatMessage[]>;
  /** Keeps one message; resolves false when the room has no session (memory only). */
  save(roomId: string, message: ChatMessage, role: Role): Promise<boolean>;
}

/**
 * Messages a live room remembers at most (the oldest go first; every message stays in
 * `session_chat_messages`). docs/protocol.md says so.
 */
export const CHAT_MAX_IN_MEMORY = 2000;

/** A message and who may read it: everyone in the plenary (null), or the peers in its group when it was said. */
interface Said {
  message: ChatMessage;
  audience: ReadonlySet<string> | null;
}

/** One page of a reader's chat, oldest first; `more`: earlier messages exist. */
export interface ChatPage {
  messages: ChatMessage[];
  more: boolean;
}

/**
 * The session chat of a live room. Every message belongs to the caucus group instance it
 * was said in (null: the plenary); a peer reads only its own group's, and of a group only
 * what was said while they were in it. Kept in memory for the live room and written through
 * to the store, from which a re-opened room reloads it (a group's messages then have no
 * readers: the group instances are gone with the old room).
 */
export class RoomChat {
  private said: Said[] = [];
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly roomId: string,
    private readonly store: ChatStore | undefined,
    private readonly log: Logger,
    /** The live room's groups (absent: a chat read from the store only, with no seats to tell). */
    private readonly groups?: GroupScope,
  ) {}

  /** An admitted seat says something to its caucus group (the plenary if none): kept, and told to the others there. */
  say(from: Peer, text: string): ChatMessage {
    if (!this.groups) throw new Error('this chat has no live room to say anything in');
    const trimmed = text.trim();
    if (!trimmed) throw RoomErrors.badRequest('chat:send: the text is only blanks');
    const groupId = this.groups.groupOf(from.id);
    const message = this.post({ peerId: from.id, displayName: from.displayName, role: from.role }, groupId, this.groups.audienceOf(groupId), trimmed);
    for (const p of this.groups.inGroup(groupId)) if (p !== from) p.notify('chat', message);
    return message;
  }

  /** Loads the kept history once (a failure is logged; the room then starts with an empty chat). */
  load(): Promise<void> {
    this.loaded ??= (this.store?.load(this.roomId, CHAT_MAX_IN_MEMORY) ?? Promise.resolve([]))
      .then((kept) => {
        const old = kept.map((message) => ({ message, audience: message.groupId === null ? null : new Set<string>() }));
        this.said = [...old, ...this.said].slice(-CHAT_MAX_IN_MEMORY);
      })
      .catch((err: unknown) => this.log.error({ err }, 'cannot load the chat history'));
    return this.loaded;
  }

  /** What `peerId`, now in `groupId`, may read: a page ending before `before` (else the latest), oldest first. */
  page(peerId: string, groupId: string | null, opts: { before?: string | undefined; limit?: number | undefined } = {}): ChatPage {
    const readable = this.said.filter((s) => s.message.groupId === groupId && (s.audience === null || s.audience.has(peerId))).map((s) => s.message);
    let end = readable.length;
    if (opts.before !== undefined) {
      end = readable.findIndex((m) => m.messageId === opts.before);
      if (end < 0) throw RoomErrors.notFound('chat message');
    }
    const start = Math.max(0, end - (opts.limit ?? CHAT_JOIN_PAGE));
    return { messages: readable.slice(start, end), more: start > 0 };
  }

  /**
   * Records a message said to `audience` (the peer ids in the sender's group now; null in
   * the plenary). The write to the store does not hold up delivery (a failure is logged).
   */
  post(from: { peerId: string; displayName: string; role: Role }, groupId: string | null, audience: Iterable<string> | null, text: string, at = new Date()): ChatMessage {
    const message: ChatMessage = { messageId: `m-${crypto.randomUUID()}`, peerId: from.peerId, displayName: from.displayName, text, at: at.toISOString(), groupId };
    this.said.push({ message, audience: audience === null ? null : new Set(audience) });
    if (this.said.length > CHAT_MAX_IN_MEMORY) this.said.shift();
    this.store?.save(this.roomId, message, from.role).catch((err: unknown) => this.log.error({ err, messageId: message.messageId }, 'cannot keep a chat message'));
    return message;
  }
}
