import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { CASE_STATUSES, CATEGORIES, type CaseStatus, type DisputeCategory } from '../api/types';
import type { CaseFilter } from '../api/endpoints';
import { useAuth } from '../app/auth';
import { Link, navigate, useLocation } from '../app/router';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { DateRangeFields, Pager, SelectField, choices } from '../app/fields';
import { ColumnHeads } from '../app/table';
import { useApi } from '../app/useApi';
import { useOrganisation } from './useOrganisation';

const PAGE_SIZE = 20;
type StatusChoice = 'open' | 'all' | CaseStatus;
interface Filters { status: StatusChoice; category: DisputeCategory | ''; villageId: string; from: string; to: string; q: string }

function fromSearch(p: URLSearchParams): Filters {
  const status = p.get('status') ?? 'open';
  const category = p.get('category') ?? '';
  return {
    status: status === 'all' || (CASE_STATUSES as string[]).includes(status) ? (status as StatusChoice) : 'open',
    category: (CATEGORIES as string[]).includes(category) ? (category as DisputeCategory) : '',
    villageId: p.get('villageId') ?? '',
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    q: p.get('q') ?? '',
  };
}

function toSearch(f: Filters, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && !(k === 'status' && v === 'open')) p.set(k, v);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** 案件列表: the township's cases (or whatever the role may see) with filters and paging. */
export function CaseListPage() {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const org = useOrganisation();
  // the applied filters and page live in the URL, so going back from a case returns to the same list
  const { search } = useLocation();
  const applied = fromSearch(search);
  const page = Math.max(1, Number(search.get('page')) || 1);
  const [draft, setDraft] = useState(applied);
  const key = search.toString();
  useEffect(() => setDraft(fromSearch(new URLSearchParams(key))), [key]);
  const show = (f: Filters, p: number) => navigate(`/cases${toSearch(f, p)}`, { replace: true });
  const setPage = (p: number) => show(applied, p);

  const filter: CaseFilter = {
    ...(applied.status === 'open' ? { open: true } : applied.status === 'all' ? {} : { status: [applied.status] }),
    category: applied.category || undefined,
    villageId: applied.villageId || undefined,
    from: applied.from || undefined,
    to: applied.to || undefined,
    q: applied.q.trim() || undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const { data, error, loading } = useApi(() => ep.cases(filter), [ep, JSON.stringify(filter)]);
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    show(draft, 1);
  };
  const all = { value: '', label: t('common.all') };
  const set = (k: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  return (
    <>
      <div className="page-head">
        <h1>{t('cases.title')}</h1>
        <Link to="/cases/new" className="primary-button">
          {t('nav.intake')}
        </Link>
      </div>
      <form className="filters" onSubmit={apply} aria-label={t('cases.filters')}>
        <SelectField
          label={t('cases.filter.status')}
          name="status"
          value={draft.status}
          onChange={set('status')}
          first={[
            { value: 'open', label: t('cases.filter.open') },
            { value: 'all', label: t('common.all') },
          ]}
          choices={choices(CASE_STATUSES, (s) => t(`status.${s}`))}
        />
        <SelectField label={t('cases.filter.category')} name="category" value={draft.category} onChange={set('category')} first={[all]} choices={choices(CATEGORIES, (c) => t(`category.${c}`))} />
        <SelectField label={t('cases.filter.village')} name="villageId" value={draft.villageId} onChange={set('villageId')} first={[all]} choices={org.villages.map((v) => ({ value: v.id, label: v.name }))} />
        <DateRangeFields from={draft.from} to={draft.to} onChange={(k, v) => setDraft({ ...draft, [k]: v })} />
        <label>
          {t('cases.filter.search')}
          <input type="search" name="q" value={draft.q} onChange={set('q')} maxLength={64} />
        </label>
        <button type="submit" className="primary-button">
          {t('cases.filter.apply')}
        </button>
      </form>
      <ErrorNote error={error} />
      {loading && !data ? <Loading /> : null}
      {data && (
        <>
          <p role="status" data-testid="case-total">
            {t('cases.total', { total: fmt.number(data.total) })}
          </p>
          <table className="data-table" data-testid="case-table">
            <caption className="visually-hidden">{t('cases.title')}</caption>
            <ColumnHeads columns={[t('case.number'), t('case.category'), t('case.village'), t('case.status'), t('case.acceptedAt'), t('case.description')]} />
            <tbody>
              {data.items.map((c) => (
                <tr key={c.id} data-status={c.status} data-category={c.category}>
                  <td>
                    <Link to={`/cases/${c.id}`}>{c.caseNumber}</Link>
                  </td>
                  <td>{t(`category.${c.category}`)}</td>
                  <td>{c.villageId ? org.villageName(c.villageId) : org.townshipName(c.townshipId)}</td>
                  <td>
                    <span className={`badge status-${c.status}`}>{t(`status.${c.status}`)}</span>
                  </td>
                  <td>{fmt.date(c.acceptedAt)}</td>
                  <td className="clip">{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.items.length === 0 && <p>{t('cases.none')}</p>}
          <Pager page={page} pages={pages} onPage={setPage} live />
        </>
      )}
    </>
  );
}
