import crypto from 'node:crypto';
import type { ChatMessage, Role } from '@shuoshi/protocol';
import type { Logger } from '../logger';

/** Where a room's chat is kept beyond the live room (a table, for rooms that belong to a Session). */
export interface ChatStore {
  /** The messages kept for this room, oldest first (none when the room has no session). */
  load(roomId: string): Promise<ChatMessage[]>;
  /** Keeps one message; resolves false when the room has no session (memory only). */
  save(roomId: string, message: ChatMessage, role: Role): Promise<boolean>;
}

/** Messages a live room remembers at most (older ones stay in the table). */
const MAX_IN_MEMORY = 2000;

/**
 * The session chat of a live room. Every message belongs to the caucus group it was
 * said in (null: the plenary); a peer reads only its own group's. Kept in memory for the
 * live room and written through to the store, from which a re-opened room reloads it.
 */
export class RoomChat {
  private messages: ChatMessage[] = [];
  private loaded: Promise<void> | undefined;

  constructor(
    private readonly roomId: string,
    private readonly store: ChatStore | undefined,
    private readonly log: Logger,
  ) {}

  /** Loads the kept history once (a failure is logged; the room then starts with an empty chat). */
  load(): Promise<void> {
    this.loaded ??= (this.store?.load(this.roomId) ?? Promise.resolve([]))
      .then((kept) => {
        this.messages = [...kept, ...this.messages].slice(-MAX_IN_MEMORY);
      })
      .catch((err: unknown) => this.log.error({ err }, 'cannot load the chat history'));
    return this.loaded;
  }

  visibleTo(groupId: string | null): ChatMessage[] {
    return this.messages.filter((m) => m.groupId === groupId);
  }

  /** Records a message; the write to the store does not hold up delivery (a failure is logged). */
  post(from: { peerId: string; displayName: string; role: Role }, groupId: string | null, text: string, at = new Date()): ChatMessage {
    const message: ChatMessage = { messageId: `m-${crypto.randomUUID()}`, peerId: from.peerId, displayName: from.displayName, text, at: at.toISOString(), groupId };
    this.messages.push(message);
    if (this.messages.length > MAX_IN_MEMORY) this.messages.shift();
    this.store?.save(this.roomId, message, from.role).catch((err: unknown) => this.log.error({ err, messageId: message.messageId }, 'cannot keep a chat message'));
    return message;
  }
}
