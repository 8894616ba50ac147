import { useState, type FormEvent } from 'react';
import type { ChatMessage } from '@shuoshi/protocol';
import { useI18n } from '../../i18n';
import { useRoomValue } from '../../hooks/useRoomValue';
import type { RoomClient } from '../../room';
import { useAction } from './useAction';

const none: ChatMessage[] = [];

/**
 * The chat of my caucus group (or the plenary): says which, newest at the bottom. The room
 * sends the latest page; "earlier messages" loads the page before (scrolling to the top too).
 */
export function ChatPanel({ client, groupId, groupLabel }: { client: RoomClient; groupId: string | null; groupLabel: string }) {
  const { t } = useI18n();
  const chat = useRoomValue(client.chat, (c) => c.messages, none);
  const more = useRoomValue(client.chat, (c) => c.more, false);
  const [text, setText] = useState('');
  const action = useAction();
  const earlier = useAction();
  const scope = groupId === null ? t('roomui.chat.plenary') : t('roomui.chat.group', { group: groupLabel });
  const loadEarlier = () => {
    if (!earlier.busy) earlier.run(() => client.chat.loadEarlier());
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    action.run(async () => {
      await client.chat.send(body);
      setText('');
    });
  };
  return (
    <section className="chat-panel panel" aria-labelledby="chat-title" data-group={groupId ?? ''}>
      <h2 id="chat-title">
        {t('roomui.chat.title')} · <span data-testid="chat-scope">{scope}</span>
      </h2>
      <p className="note">{t('roomui.chat.scope', { scope })}</p>
      <ol
        className="chat-log"
        aria-live="polite"
        data-testid="chat-log"
        onScroll={(e) => {
          if (more && e.currentTarget.scrollTop === 0) loadEarlier();
        }}
      >
        {more && (
          <li className="chat-earlier">
            <button type="button" className="small control" disabled={earlier.busy} onClick={loadEarlier} data-testid="chat-earlier">
              {t('roomui.chat.earlier')}
            </button>
          </li>
        )}
        {chat.length === 0 && <li className="note">{t('roomui.chat.empty')}</li>}
        {chat.map((m) => (
          <li key={m.messageId}>
            <span className="chat-who">{m.displayName}</span>
            <span className="chat-when">{new Date(m.at).toLocaleTimeString()}</span>
            <p className="chat-text">{m.text}</p>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="chat-form">
        <label className="visually-hidden" htmlFor="chat-input">
          {t('roomui.chat.input')}
        </label>
        <input id="chat-input" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} placeholder={t('roomui.chat.input')} />
        <button type="submit" className="control" disabled={action.busy || !text.trim()}>
          {t('roomui.chat.send')}
        </button>
      </form>
      {(action.error ?? earlier.error) && <p role="alert">{action.error ?? earlier.error}</p>}
    </section>
  );
}
