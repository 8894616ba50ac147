import { CHAT_JOIN_PAGE, type ChatMessage } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import type { Caucus } from './caucus';
import { RoomFeature } from './feature';

/** This seat's group's chat (or the plenary's), oldest first: the latest page, paging back on request. */
export class RoomChat extends RoomFeature {
  messages: ChatMessage[] = [];
  /** Earlier messages than `messages` holds may exist (a full first page, or the server said so). */
  more = false;

  constructor(
    private readonly link: RoomLink,
    caucus: Caucus,
  ) {
    super();
    link.on('view', (view) => {
      this.messages = view.chat;
      this.more = view.chat.length >= CHAT_JOIN_PAGE;
      this.changed();
    });
    link.signal.on('chat', (m) => this.add(m));
    // a new group reads a different chat
    caucus.on('regrouped', (before, mine) => {
      if (link.admission === 'admitted' && mine !== before) void this.load().catch(() => undefined);
    });
    link.signal.on('returnedToLobby', () => {
      this.messages = [];
      this.changed();
    });
  }

  /** Say something to this seat's caucus group (or the plenary). */
  async send(text: string): Promise<ChatMessage> {
    const { message } = await this.link.signal.request('chat:send', { text });
    this.add(message);
    return message;
  }

  /** Reloads the latest page of the chat this seat may read (after a caucus move, say). */
  async load(): Promise<ChatMessage[]> {
    const { messages, more } = await this.link.signal.request('chat:history', {});
    this.messages = messages;
    this.more = more;
    this.changed();
    return messages;
  }

  /** Loads the page before the oldest message shown; answers how many came. */
  async loadEarlier(): Promise<number> {
    const oldest = this.messages[0];
    if (!oldest) return 0;
    const { messages, more } = await this.link.signal.request('chat:history', { before: oldest.messageId });
    this.messages = [...messages, ...this.messages.filter((m) => !messages.some((e) => e.messageId === m.messageId))];
    this.more = more;
    this.changed();
    return messages.length;
  }

  private add(m: ChatMessage): void {
    if (this.messages.some((c) => c.messageId === m.messageId)) return;
    this.messages = [...this.messages, m];
    this.changed();
  }
}
