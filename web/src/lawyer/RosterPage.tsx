import { useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { useAuth } from '../app/auth';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';
import type { ApiError } from '../api/client';
import { SelectField } from '../app/fields';
import { useLawyerApi } from './useLawyer';
import './lawyer.css';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const HOURS = Array.from({ length: 24 }, (_, h) => h);
const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** 值班表: the week's coverage (7 × 24, gaps marked) and the slots; a lawyer edits their own, the county admin anyone's. */
export function RosterPage() {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const lw = useLawyerApi();
  const fmt = useFormat();
  const admin = staff?.role === 'COUNTY_ADMIN';
  const day = (n: number) => t(`lw.weekday.${n}` as MessageKey);
  const coverage = useApi(() => lw.coverage(), [lw]);
  const roster = useApi(() => lw.roster(), [lw]);
  const lawyers = useApi(() => (admin ? ep.staff({ role: 'COUNTY_LEGAL_ADVISOR' }) : Promise.resolve({ items: [] })), [ep, admin]);
  const [draft, setDraft] = useState({ lawyerId: '', weekday: 1, start: 9, end: 12 });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState('');
  const reload = () => {
    coverage.reload();
    roster.reload();
  };

  const add = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const slot = await lw.addSlot({ weekday: draft.weekday, start: clock(draft.start), end: clock(draft.end), ...(admin && draft.lawyerId ? { lawyerId: draft.lawyerId } : {}) });
      setAnnounce(t('lw.roster.added', { day: day(slot.weekday), start: slot.start, end: slot.end }));
      reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (id: string) => {
    setBusy(true);
    setError(null);
    try {
      await lw.removeSlot(id);
      setAnnounce(t('lw.roster.removed'));
      reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const cov = coverage.data;
  const slots = [...(roster.data?.items ?? [])].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  return (
    <>
      <h1>{t('lw.roster.title')}</h1>
      <p className="live-status" aria-live="polite">
        {announce}
      </p>
      <ErrorNote error={coverage.error ?? roster.error} />
      {!cov && <Loading />}
      {cov && (
        <section className="card" aria-labelledby="cov-h">
          <h2 id="cov-h">{t('lw.roster.coverage')}</h2>
          <p data-testid="covered-share">{t('lw.roster.share', { share: fmt.percent(cov.coveredShare) })}</p>
          <div className="roster-scroll" tabIndex={0} role="region" aria-label={t('lw.roster.coverage')}>
            <table className="roster-grid" data-testid="roster-grid">
              <caption className="visually-hidden">{t('lw.roster.gridCaption')}</caption>
              <thead>
                <tr>
                  <td />
                  {HOURS.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {WEEKDAYS.map((d) => (
                  <tr key={d}>
                    <th scope="row">{day(d)}</th>
                    {HOURS.map((h) => {
                      const n = cov.hours[d - 1]?.[h] ?? 0;
                      return (
                        <td key={h} className={n ? 'covered' : 'gap'} data-weekday={d} data-hour={h} data-count={n} title={t(n ? 'lw.roster.cellCovered' : 'lw.roster.cellGap', { n })}>
                          {n ? n : <span className="visually-hidden">{t('lw.roster.gap')}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="legend">
            <span className="swatch covered" aria-hidden="true" /> {t('lw.roster.legendCovered')} <span className="swatch gap" aria-hidden="true" /> {t('lw.roster.legendGap')}
          </p>
          <h3>{t('lw.roster.gaps')}</h3>
          {cov.gaps.length === 0 ? (
            <p data-testid="no-gaps">{t('lw.roster.noGaps')}</p>
          ) : (
            <ul className="gap-list" data-testid="gaps">
              {cov.gaps.map((g) => (
                <li key={`${g.weekday}-${g.startMinute}`}>
                  {day(g.weekday)} {g.start}–{g.end}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section className="card" aria-labelledby="slots-h">
        <h2 id="slots-h">{t('lw.roster.slots')}</h2>
        <ErrorNote error={error} />
        <form className="form-grid" onSubmit={(e) => void add(e)} aria-label={t('lw.roster.add')}>
          {admin && (
            <SelectField
              label={t('lw.roster.lawyer')}
              name="lawyerId"
              required
              value={draft.lawyerId}
              onChange={(e) => setDraft({ ...draft, lawyerId: e.target.value })}
              first={[{ value: '', label: t('lw.roster.pickLawyer') }]}
              choices={(lawyers.data?.items ?? []).map((l) => ({ value: l.id, label: l.displayName }))}
            />
          )}
          <SelectField label={t('lw.roster.weekday')} name="weekday" value={draft.weekday} onChange={(e) => setDraft({ ...draft, weekday: Number(e.target.value) })} choices={WEEKDAYS.map((d) => ({ value: String(d), label: day(d) }))} />
          <SelectField label={t('lw.roster.start')} name="start" value={draft.start} onChange={(e) => setDraft({ ...draft, start: Number(e.target.value) })} choices={HOURS.map((h) => ({ value: String(h), label: clock(h) }))} />
          <SelectField label={t('lw.roster.end')} name="end" value={draft.end} onChange={(e) => setDraft({ ...draft, end: Number(e.target.value) })} choices={HOURS.map((h) => h + 1).map((h) => ({ value: String(h), label: clock(h) }))} />
          <div>
            <button type="submit" className="primary-button" disabled={busy}>
              {t('lw.roster.add')}
            </button>
          </div>
        </form>
        {roster.data && slots.length === 0 && <p>{t('lw.roster.noSlots')}</p>}
        <ul className="plain" data-testid="slots">
          {slots.map((s) => (
            <li key={s.id} data-slot={s.id}>
              {day(s.weekday)} {s.start}–{s.end} · {s.lawyerName}
              {(admin || s.lawyerId === staff?.id) && (
                <button type="button" className="link-button" disabled={busy} onClick={() => void remove(s.id)} aria-label={t('lw.roster.removeSlot', { day: day(s.weekday), start: s.start, end: s.end })}>
                  {t('lw.roster.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
