import type { ReactNode, SelectHTMLAttributes } from 'react';
import { useI18n } from '../i18n';

/** One option of a select: the value sent, the text shown. */
export interface Choice {
  value: string;
  label: string;
}

/** Options for a fixed list of codes (categories, statuses…), each shown through `label`. */
export function choices<T extends string>(values: readonly T[], label: (v: T) => string): Choice[] {
  return values.map((value) => ({ value, label: label(value) }));
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className' | 'children'>;

/**
 * A labelled select: the label wraps it (its accessible name), `first` are the options
 * before the list (e.g. 全部 with the value ''). Every other prop goes to the <select>.
 */
export function SelectField({ label, className, first = [], choices: list, ...select }: { label: ReactNode; className?: string; first?: readonly Choice[]; choices: readonly Choice[] } & SelectProps) {
  return (
    <label className={className}>
      {label}
      <select {...select}>
        {[...first, ...list].map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The 起始/截止 date pair of a filter bar (inputs named `from` and `to`). */
export function DateRangeFields({ from, to, onChange }: { from: string; to: string; onChange(k: 'from' | 'to', value: string): void }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('cases.filter.from')}
        <input type="date" name="from" value={from} onChange={(e) => onChange('from', e.target.value)} />
      </label>
      <label>
        {t('cases.filter.to')}
        <input type="date" name="to" value={to} onChange={(e) => onChange('to', e.target.value)} />
      </label>
    </>
  );
}

export interface PagerText {
  label: string;
  previous: string;
  next: string;
  pageOf: string;
}

/**
 * Previous / "page N of M" / next under a paged table. `text` replaces the common wording;
 * `live` announces the page change (and marks it data-testid="page-of").
 */
export function Pager({ page, pages, onPage, text, buttonClassName = 'link-button', live = false }: { page: number; pages: number; onPage(page: number): void; text?: PagerText; buttonClassName?: string; live?: boolean }) {
  const { t } = useI18n();
  const x = text ?? { label: t('common.pages'), previous: t('common.previous'), next: t('common.next'), pageOf: t('common.pageOf', { page, pages }) };
  return (
    <nav className="pager" aria-label={x.label}>
      <button type="button" className={buttonClassName} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {x.previous}
      </button>
      {live ? (
        <span aria-live="polite" data-testid="page-of">
          {x.pageOf}
        </span>
      ) : (
        <span>{x.pageOf}</span>
      )}
      <button type="button" className={buttonClassName} disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {x.next}
      </button>
    </nav>
  );
}
