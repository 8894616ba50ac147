import { useState, type DragEvent, type FormEvent } from 'react';
import type { CaucusGroups } from '@shuoshi/protocol';
import { useI18n } from '../../../i18n';
import type { RoomClient } from '../../../room';
import { roleKey } from '../labels';
import { useAction } from '../useAction';
import type { Person } from './people';

const PLENARY = '';
/** A group made here but not on the server yet (the server makes its id when someone is moved in). */
const NEW = 'new:';
const DRAG_TYPE = 'application/x-shuoshi-peer';

/**
 * 背对背: make groups, then move people (the host too) between them and the plenary by
 * drag and drop or with each person's "move to" choice; everyone back in one click.
 * Groups are the server's (each its own id; the name is the label the host typed): a group
 * made again under the same name is a new group, with nothing of the old one's chat or documents.
 */
export function CaucusPanel({ client, people, groups }: { client: RoomClient; people: Person[]; groups: CaucusGroups }) {
  const { t } = useI18n();
  const action = useAction();
  const [name, setName] = useState('');
  const [planned, setPlanned] = useState<string[]>([]);
  const [over, setOver] = useState<string | null>(null);
  // groups the server has and groups made here but still empty (the server keeps no empty group)
  const waiting = planned.filter((l) => !groups.some((g) => g.label === l));
  const ids = [...groups.map((g) => g.groupId), ...waiting.map((l) => `${NEW}${l}`)];
  const groupOf = (peerId: string) => groups.find((g) => g.peerIds.includes(peerId))?.groupId ?? PLENARY;
  const label = (id: string) =>
    id === PLENARY ? t('roomui.caucus.plenary') : id.startsWith(NEW) ? id.slice(NEW.length) : (groups.find((g) => g.groupId === id)?.label ?? '');

  const add = (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    if (!n || waiting.includes(n) || groups.some((g) => g.label === n)) return;
    setPlanned((p) => [...p, n]);
    setName('');
  };
  const move = (peerId: string, to: string) => {
    if (groupOf(peerId) === to) return;
    action.run(() => client.caucus.moveTo(peerId, to === PLENARY ? null : to.startsWith(NEW) ? { label: to.slice(NEW.length) } : to));
  };
  const drop = (to: string) => (e: DragEvent) => {
    e.preventDefault();
    setOver(null);
    const peerId = e.dataTransfer.getData(DRAG_TYPE) || e.dataTransfer.getData('text/plain');
    if (peerId) move(peerId, to);
  };

  const column = (id: string) => {
    const members = people.filter((p) => groupOf(p.peerId) === id);
    return (
      <li
        key={id || 'plenary'}
        className={`caucus-group${over === id ? ' drop-over' : ''}`}
        data-group={id || 'plenary'}
        data-label={id ? label(id) : 'plenary'}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'move';
          setOver(id);
        }}
        onDragLeave={() => setOver((o) => (o === id ? null : o))}
        onDrop={drop(id)}
      >
        <h4>{label(id)}</h4>
        <ul>
          {members.length === 0 && <li className="note">{t('roomui.caucus.empty')}</li>}
          {members.map((p) => (
            <li
              key={p.peerId}
              className="caucus-person"
              draggable
              data-peer={p.peerId}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, p.peerId);
                e.dataTransfer.setData('text/plain', p.peerId);
                e.dataTransfer.effectAllowed = 'move';
              }}
            >
              <span>
                {p.displayName}
                {p.self && t('roomui.caucus.me')} · {t(roleKey(p.role))}
              </span>
              <label>
                <span className="visually-hidden">{t('roomui.caucus.moveTo', { name: p.displayName })}</span>
                <select value={id} onChange={(e) => move(p.peerId, e.target.value)} aria-label={t('roomui.caucus.moveTo', { name: p.displayName })}>
                  {[PLENARY, ...ids].map((g) => (
                    <option key={g || 'plenary'} value={g}>
                      {label(g)}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          ))}
        </ul>
      </li>
    );
  };

  return (
    <section className="panel caucus-panel" aria-labelledby="caucus-title" data-testid="caucus-panel">
      <h3 id="caucus-title">{t('roomui.caucus.title')}</h3>
      <form onSubmit={add} className="inline-form">
        <label>
          {t('roomui.caucus.newGroup')}
          <input value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" className="small control" disabled={!name.trim()}>
          {t('roomui.caucus.add')}
        </button>
      </form>
      <p className="note">{t('roomui.caucus.dragHint')}</p>
      <ul className="caucus-groups">{[PLENARY, ...ids].map(column)}</ul>
      <button type="button" className="small control" disabled={groups.length === 0} onClick={() => action.run(() => client.caucus.setCaucus([]))}>
        {t('roomui.caucus.allBack')}
      </button>
      {action.error && <p role="alert">{action.error}</p>}
    </section>
  );
}
