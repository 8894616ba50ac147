import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Link } from '../app/router';
import { Card, ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { Pager, SelectField, choices } from '../app/fields';
import { ColumnHeads } from '../app/table';
import type { ConsultationStatus } from '../api/types';
import { InvitedMediations } from './InvitedMediations';
import { useLawyerApi } from './useLawyer';
import { useTalkRoomNames } from './useTalkRooms';
import './lawyer.css';

const STATUSES: ConsultationStatus[] = ['ACCEPTED', 'CALLBACK_SCHEDULED', 'ANSWERED', 'QUEUED', 'ABANDONED'];

/** 咨询记录: my consultations (status filter, paged) and the video mediations I am invited to. */
export function HistoryPage() {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const lw = useLawyerApi();
  const fmt = useFormat();
  const roomName = useTalkRoomNames();
  const [status, setStatus] = useState<ConsultationStatus | ''>('');
  const [page, setPage] = useState(1);
  const list = useApi(() => lw.consultations({ status: status || undefined, page }), [lw, status, page]);
  const sessions = useApi(() => ep.mySessions(), [ep]);
  const invited = (sessions.data?.items ?? []).filter((s) => s.kind === 'MEDIATION');
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / list.data.pageSize)) : 1;

  return (
    <>
      <h1>{t('lw.history.title')}</h1>
      <Card id="invited" title={t('lw.history.invited')}>
        <ErrorNote error={sessions.error} />
        {sessions.data ? <InvitedMediations sessions={invited} /> : <Loading />}
      </Card>
      <section className="card" aria-labelledby="mine-h">
        <h2 id="mine-h">{t('lw.history.mine')}</h2>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label={t('lw.status')}
            name="status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ConsultationStatus | '');
              setPage(1);
            }}
            first={[{ value: '', label: t('common.all') }]}
            choices={choices(STATUSES, (s) => t(`consultation.${s}`))}
          />
        </form>
        <ErrorNote error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data && list.data.items.length === 0 && <p>{t('lawyer.none')}</p>}
        {list.data && list.data.items.length > 0 && (
          <table className="data-table" data-testid="history" aria-busy={list.loading}>
            <caption className="visually-hidden">{t('lw.history.mine')}</caption>
            <ColumnHeads columns={[t('lw.requestedAt'), t('lw.talkRoom'), t('lw.topic'), t('lw.question'), t('lw.status'), t('lw.record.column')]} />
            <tbody>
              {list.data.items.map((q) => (
                <tr key={q.id} data-consultation={q.id}>
                  <td>{fmt.dateTime(q.requestedAt)}</td>
                  <td>{roomName(q.talkRoomId)}</td>
                  <td>{t(`category.${q.topic}`)}</td>
                  <td className="clip">{q.questionSummary ?? q.question}</td>
                  <td>{t(`consultation.${q.status}`)}</td>
                  <td>
                    <Link to={`/lawyer/consultations/${q.id}`}>{t(q.status === 'ANSWERED' || q.lawyerId !== staff?.id ? 'lw.record.view' : 'lw.record.write')}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.data && pages > 1 && (
          <Pager
            page={page}
            pages={pages}
            onPage={setPage}
            buttonClassName="primary-button secondary"
            text={{ label: t('lw.history.pages'), previous: t('lw.history.prev'), next: t('lw.history.next'), pageOf: t('lw.history.page', { page, pages }) }}
          />
        )}
      </section>
    </>
  );
}
