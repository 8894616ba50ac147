import { useEffect, useRef, useState } from 'react';
import type { WaitingPeer } from '@shuoshi/protocol';
import { useI18n } from '../../../i18n';
import { useRoomValue } from '../../../hooks/useRoomValue';
import type { RoomClient } from '../../../room';
import { roleKey } from '../labels';
import { useAction } from '../useAction';

const none: WaitingPeer[] = [];

/** 候场: who waits (name, role, talk room, since when); admit or decline each, or admit all. */
export function LobbyList({ client, locked }: { client: RoomClient; locked: boolean }) {
  const { t } = useI18n();
  const lobby = useRoomValue(client.lobby, (l) => l.waiting, none);
  const action = useAction();
  const seen = useRef<Set<string> | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const ids = new Set(lobby.map((w) => w.peerId));
    if (seen.current) {
      const arrived = lobby.filter((w) => !seen.current!.has(w.peerId));
      if (arrived.length) setAnnouncement(arrived.map((w) => t('roomui.lobby.announce', { name: w.displayName, role: t(roleKey(w.role)) })).join('；'));
    }
    seen.current = ids;
  }, [lobby, t]);

  return (
    <section className="panel lobby-panel" aria-labelledby="lobby-title" data-testid="lobby-panel">
      <h3 id="lobby-title">{t('roomui.lobby.title', { count: lobby.length })}</h3>
      <p className="visually-hidden" aria-live="polite" data-testid="lobby-announce">
        {announcement}
      </p>
      {lobby.length === 0 ? (
        <p className="note">{t('roomui.lobby.empty')}</p>
      ) : (
        <>
          <ul className="row-list">
            {lobby.map((w) => (
              <li key={w.peerId} data-waiting-peer={w.peerId}>
                <div className="who">
                  <strong>{w.displayName}</strong> <span className="role-chip">{t(roleKey(w.role))}</span>
                  <span className="note">
                    {w.talkRoom ? `${t('roomui.lobby.talkRoom', { room: w.talkRoom })} · ` : ''}
                    {t('roomui.lobby.since', { time: new Date(w.since).toLocaleTimeString() })}
                  </span>
                </div>
                <div className="actions">
                  <button type="button" className="small primary-button" aria-label={t('roomui.lobby.admit', { name: w.displayName })} disabled={locked} onClick={() => action.run(() => client.lobby.admit(w.peerId))}>
                    {t('roomui.lobby.admitShort')}
                  </button>
                  <button type="button" className="small control danger" aria-label={t('roomui.lobby.decline', { name: w.displayName })} onClick={() => action.run(() => client.lobby.decline(w.peerId))}>
                    {t('roomui.lobby.declineShort')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
          <button type="button" className="small primary-button" disabled={locked} onClick={() => action.run(() => client.lobby.admitAll())}>
            {t('roomui.lobby.admitAll')}
          </button>
        </>
      )}
      {action.error && <p role="alert">{action.error}</p>}
    </section>
  );
}
