import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Link } from '../app/router';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { Pager, SelectField, choices } from '../app/fields';
import { ColumnHeads } from '../app/table';

const STATES = ['due', 'overdue', 'open', 'done', 'all'] as const;

/** 回访: follow-ups due within 7 days (default), overdue, open, done. */
export function FollowUpsPage() {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const [state, setState] = useState<(typeof STATES)[number]>('due');
  const [page, setPage] = useState(1);
  const { data, error, loading } = useApi(() => ep.followUps(state, page), [ep, state, page]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <>
      <h1>{t('followUps.title')}</h1>
      <SelectField
        className="inline"
        label={t('followUps.show')}
        name="state"
        value={state}
        onChange={(e) => {
          setState(e.target.value as (typeof STATES)[number]);
          setPage(1);
        }}
        choices={choices(STATES, (s) => t(`followUps.state.${s}`))}
      />
      <ErrorNote error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <p role="status">{t('cases.total', { total: fmt.number(data.total) })}</p>
          <table className="data-table" data-testid="follow-up-table">
            <caption className="visually-hidden">{t('followUps.title')}</caption>
            <ColumnHeads columns={[t('case.number'), t('followUps.dueAt'), t('case.status'), t('followUps.result')]} />
            <tbody>
              {data.items.map((f) => (
                <tr key={f.id} className={f.overdue ? 'overdue' : undefined}>
                  <td>
                    <Link to={`/cases/${f.caseId}`}>{f.case.caseNumber}</Link>
                  </td>
                  <td>
                    {fmt.date(f.dueAt)}
                    {f.overdue ? ` · ${t('followUps.overdue')}` : ''}
                  </td>
                  <td>{t(`status.${f.case.status}`)}</td>
                  <td>{f.result ? t(`followUp.result.${f.result}`) : t('followUp.pending')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} pages={pages} onPage={setPage} />
        </>
      )}
    </>
  );
}
