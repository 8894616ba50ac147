import type { QueueEntry } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import type { DisputeCategory } from '../api/types';
import { useOrganisation } from '../console/useOrganisation';
import { ColumnHeads } from '../app/table';
import { elapsed, useNow } from './useLawyer';

/** The waiting requests, oldest first, each with its waiting time ticking and an Accept button. */
export function QueueList({ entries, flash, accepting, onAccept }: { entries: QueueEntry[]; flash: string | null; accepting: string | null; onAccept(id: string): void }) {
  const { t } = useI18n();
  const org = useOrganisation();
  const now = useNow();
  if (entries.length === 0) return null;
  return (
    <table className="data-table queue-table" data-testid="queue">
      <caption className="visually-hidden">{t('lw.queue.title')}</caption>
      <ColumnHeads
        columns={[
          t('lw.queue.position'),
          t('lw.talkRoom'),
          t('case.village'),
          t('lw.topic'),
          t('lw.question'),
          t('lw.queue.waiting'),
          <span className="visually-hidden">{t('lw.queue.accept')}</span>,
        ]}
      />
      <tbody>
        {entries.map((e) => (
          <tr key={e.consultationId} data-consultation={e.consultationId} className={flash === e.consultationId ? 'fresh' : undefined}>
            <td className="num">{e.position}</td>
            <th scope="row">{e.talkRoomName}</th>
            <td>{org.villageName(e.villageId)}</td>
            <td>{t(`category.${e.topic as DisputeCategory}`)}</td>
            <td className="question">{e.question || '—'}</td>
            <td className="num">
              <time dateTime={e.requestedAt}>{elapsed(e.requestedAt, now)}</time>
            </td>
            <td>
              <button
                type="button"
                className="primary-button"
                disabled={accepting !== null}
                aria-label={t('lw.queue.acceptFrom', { room: e.talkRoomName })}
                onClick={() => onAccept(e.consultationId)}
              >
                {accepting === e.consultationId ? t('lw.queue.accepting') : t('lw.queue.accept')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
