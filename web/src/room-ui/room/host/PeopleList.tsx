import { useI18n } from '../../../i18n';
import { useRoomValue } from '../../../hooks/useRoomValue';
import type { RoomClient } from '../../../room';
import { roleKey } from '../labels';
import { LinkMark } from '../LinkMark';
import { useAction } from '../useAction';
import type { Person } from './people';

/** Everyone admitted, with the host's actions for each (mute, camera, back to lobby, remove, hand over). */
export function PeopleList({ client, people, hostMutes, hands }: { client: RoomClient; people: Person[]; hostMutes: ReadonlySet<string>; hands: ReadonlySet<string> }) {
  const { t } = useI18n();
  const action = useAction();
  const audioOnly = useRoomValue(client.host, (h) => h.audioOnly, { wholeRoom: false, peerIds: [] });
  return (
    <section className="panel people-panel" aria-labelledby="people-title" data-testid="people-panel">
      <h3 id="people-title">{t('roomui.people.title', { count: people.length })}</h3>
      <button type="button" className="small control" aria-pressed={audioOnly.wholeRoom} data-action="room-audio-only" onClick={() => action.run(() => client.host.setAudioOnly(null, !audioOnly.wholeRoom))}>
        {audioOnly.wholeRoom ? t('roomui.people.allVideoBack') : t('roomui.people.allAudioOnly')}
      </button>
      <ul className="row-list">
        {people.map((p) => {
          const mic = hostMutes.has(`${p.peerId}:microphone`);
          const cam = hostMutes.has(`${p.peerId}:camera`);
          const voiceOnly = audioOnly.peerIds.includes(p.peerId);
          return (
            <li key={p.peerId} data-person={p.peerId}>
              <div className="who">
                <strong>{p.displayName}</strong>
                {p.self && t('roomui.caucus.me')} <span className="role-chip">{t(roleKey(p.role))}</span>
                {hands.has(p.peerId) && <span className="badge hand">{t('roomui.hand.raised')}</span>}
                {voiceOnly && (
                  <span className="badge" data-testid="person-audio-only">
                    {t('room.peer.audioOnly')}
                  </span>
                )}
                {p.link && <LinkMark link={p.link} testId="person-link" />}
              </div>
              {!p.self && (
                <div className="actions" role="group" aria-label={t('roomui.people.actions', { name: p.displayName })}>
                  <button type="button" className="small control" aria-pressed={mic} data-action="mic" onClick={() => action.run(() => client.host.hostMute(p.peerId, 'microphone', !mic))}>
                    {mic ? t('roomui.people.allowMic') : t('roomui.people.muteMic')}
                  </button>
                  <button type="button" className="small control" aria-pressed={cam} data-action="camera" onClick={() => action.run(() => client.host.hostMute(p.peerId, 'camera', !cam))}>
                    {cam ? t('roomui.people.allowCamera') : t('roomui.people.stopCamera')}
                  </button>
                  <button type="button" className="small control" aria-pressed={voiceOnly} data-action="audio-only" onClick={() => action.run(() => client.host.setAudioOnly(p.peerId, !voiceOnly))}>
                    {voiceOnly ? t('roomui.people.videoBack') : t('roomui.people.audioOnly')}
                  </button>
                  {p.role !== 'mediator' && (
                    <button type="button" className="small control" data-action="lobby" onClick={() => action.run(() => client.lobby.removeParticipant(p.peerId, 'lobby'))}>
                      {t('roomui.people.toLobby')}
                    </button>
                  )}
                  <button type="button" className="small control danger" data-action="remove" onClick={() => action.run(() => client.lobby.removeParticipant(p.peerId, 'out'))}>
                    {t('roomui.people.remove')}
                  </button>
                  {p.role === 'mediator' && (
                    <button type="button" className="small control" data-action="handoff" onClick={() => action.run(() => client.host.handOff(p.peerId))}>
                      {t('roomui.people.handoff')}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {action.error && <p role="alert">{action.error}</p>}
    </section>
  );
}
