import { useMemo, useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { CATEGORIES, FIGURE_KEYS, type DisputeCategory, type Figures, type Statistics } from '../api/types';
import type { StatisticsFilter } from '../api/endpoints';
import { useAuth } from '../app/auth';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { useOrganisation } from '../console/useOrganisation';
import { Chart, type ChartOption } from './Chart';
import { download, statisticsCsv } from './csv';
import { ConsultationStats, useConsultationStats } from './ConsultationStats';
import { consultationCsvRows } from './consultation-csv';
import { CONSULTATION_FIGURE_KEYS, type ConsultationFigures } from '../lawyer/api';
import './dashboard.css';

const PALETTE = ['#0b5d3b', '#b45309', '#1d4ed8', '#9d174d', '#4d7c0f', '#6b21a8', '#0f766e', '#57534e'];

/** 统计分析: the statistics endpoint's figures as charts, filterable, with a CSV export of the same data. */
export function DashboardPage() {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const fmt = useFormat();
  const org = useOrganisation();
  const lockedTownship = staff?.role === 'TOWNSHIP_MEDIATOR' ? (staff.townshipId ?? '') : '';
  const [draft, setDraft] = useState({ townshipId: lockedTownship, villageId: '', category: '' as DisputeCategory | '', from: '', to: '' });
  const [applied, setApplied] = useState(draft);
  const filter: StatisticsFilter = {
    townshipId: applied.townshipId || undefined,
    villageId: applied.villageId || undefined,
    category: applied.category || undefined,
    from: applied.from || undefined,
    to: applied.to || undefined,
  };
  const { data: s, error, loading } = useApi(() => ep.statistics(filter), [ep, JSON.stringify(filter)]);
  const consult = useConsultationStats(filter);
  const townships = org.org?.townships ?? [];
  const villages = townships.filter((tw) => !draft.townshipId || tw.id === draft.townshipId).flatMap((tw) => tw.villages);

  const name = (kind: string, key: string) =>
    kind === 'township' || kind === 'village' ? org.villageName(key) : t(`${kind}.${key}` as MessageKey);
  const options = useMemo(() => (s ? chartOptions(s, t, name) : null), [s, t, org]); // eslint-disable-line react-hooks/exhaustive-deps

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setApplied(draft);
  };
  const exportCsv = () => {
    if (!s) return;
    const columns = Object.fromEntries(FIGURE_KEYS.map((k) => [k, t(`figure.${k}`)])) as Record<keyof Figures, string>;
    const groups = { total: t('stats.group.total'), township: t('case.township'), village: t('case.village'), category: t('case.category'), month: t('stats.group.month'), status: t('case.status'), outcome: t('stats.group.outcome') };
    let csv = statisticsCsv(s, { group: t('stats.group'), name: t('stats.name'), columns, groups }, name);
    if (consult.data) {
      const cColumns = Object.fromEntries(CONSULTATION_FIGURE_KEYS.map((k) => [k, t(`cstats.${k}`)])) as Record<keyof ConsultationFigures, string>;
      const cGroups = { total: t('cstats.group.total'), village: t('cstats.group.village'), topic: t('cstats.group.topic') };
      csv += consultationCsvRows(consult.data, { group: t('stats.group'), name: t('stats.name'), columns: cColumns, groups: cGroups }, (kind, key) => (kind === 'topic' ? name('category', key ?? '') : key ? org.villageName(key) : t('cstats.unknownVillage')));
    }
    download(`statistics-${new Date().toISOString().slice(0, 10)}.csv`, csv);
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('stats.title')}</h1>
        <button type="button" className="primary-button" onClick={exportCsv} disabled={!s}>
          {t('stats.export')}
        </button>
      </div>
      <form className="filters" onSubmit={apply} aria-label={t('cases.filters')}>
        <label>
          {t('case.township')}
          <select name="townshipId" value={draft.townshipId} disabled={!!lockedTownship} onChange={(e) => setDraft({ ...draft, townshipId: e.target.value, villageId: '' })}>
            <option value="">{t('common.all')}</option>
            {townships.map((tw) => (
              <option key={tw.id} value={tw.id}>
                {tw.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('case.village')}
          <select name="villageId" value={draft.villageId} onChange={(e) => setDraft({ ...draft, villageId: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {villages.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('case.category')}
          <select name="category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as DisputeCategory | '' })}>
            <option value="">{t('common.all')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('cases.filter.from')}
          <input type="date" name="from" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {t('cases.filter.to')}
          <input type="date" name="to" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="submit" className="primary-button">
          {t('cases.filter.apply')}
        </button>
      </form>
      <ErrorNote error={error} />
      {loading && !s && <Loading />}
      {s && options && (
        <>
          <dl className="kpis" data-testid="kpis" aria-busy={loading}>
            {(['cases', 'concluded', 'resolved', 'successRate', 'medianDaysToOutcome', 'followUpsOverdue', 'consultations', 'consultationsAnswered'] as const).map((k) => (
              <div key={k} className="kpi">
                <dt>{t(`figure.${k}`)}</dt>
                <dd data-figure={k}>{k === 'successRate' ? fmt.percent(s.totals.successRate) : k === 'medianDaysToOutcome' ? (s.totals.medianDaysToOutcome ?? '—') : fmt.number(s.totals[k])}</dd>
              </div>
            ))}
          </dl>
          <div className="charts">
            <section aria-labelledby="ch-month">
              <h2 id="ch-month">{t('stats.chart.month')}</h2>
              <Chart testId="chart-month" option={options.month} label={t('stats.chart.month')} />
            </section>
            <section aria-labelledby="ch-outcome">
              <h2 id="ch-outcome">{t('stats.chart.outcome')}</h2>
              <Chart testId="chart-outcome" option={options.outcome} label={t('stats.chart.outcome')} />
            </section>
            <section aria-labelledby="ch-category">
              <h2 id="ch-category">{t('stats.chart.category')}</h2>
              <Chart testId="chart-category" option={options.category} label={t('stats.chart.category')} />
            </section>
            <section aria-labelledby="ch-status">
              <h2 id="ch-status">{t('stats.chart.status')}</h2>
              <Chart testId="chart-status" option={options.status} label={t('stats.chart.status')} />
            </section>
            <section aria-labelledby="ch-area" className="wide">
              <h2 id="ch-area">{t(s.byTownship.length > 1 ? 'stats.chart.township' : 'stats.chart.village')}</h2>
              <Chart testId="chart-area" option={options.area} label={t(s.byTownship.length > 1 ? 'stats.chart.township' : 'stats.chart.village')} height={360} />
            </section>
          </div>
          <table className="data-table" data-testid="category-table">
            <caption>{t('stats.table.category')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('case.category')}</th>
                <th scope="col">{t('figure.cases')}</th>
                <th scope="col">{t('figure.resolved')}</th>
                <th scope="col">{t('figure.successRate')}</th>
              </tr>
            </thead>
            <tbody>
              {s.byCategory.map((c) => (
                <tr key={c.category} data-category={c.category}>
                  <th scope="row">{t(`category.${c.category}`)}</th>
                  <td>{fmt.number(c.cases)}</td>
                  <td>{fmt.number(c.resolved)}</td>
                  <td>{fmt.percent(c.successRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ConsultationStats stats={consult} villageName={org.villageName} />
        </>
      )}
    </>
  );
}

function chartOptions(s: Statistics, t: (k: MessageKey) => string, name: (kind: string, key: string) => string): Record<'month' | 'outcome' | 'category' | 'status' | 'area', ChartOption> {
  const base = { color: PALETTE, tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 40, bottom: 56 }, textStyle: { fontSize: 14 }, animation: false };
  const bar = (labels: string[], series: Array<{ name: string; data: number[] }>) => ({
    ...base,
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: series.map((x) => ({ type: 'bar', ...x })),
  });
  const area = s.byTownship.length > 1 ? s.byTownship.map((x) => ({ key: x.townshipId, f: x as Figures })) : s.byVillage.map((x) => ({ key: x.villageId, f: x as Figures }));
  const outcomeKeys = ['WRITTEN_AGREEMENT', 'VERBAL_AGREEMENT', 'FAILED', 'REFERRED', 'NONE'] as const;
  return {
    month: {
      ...base,
      legend: { top: 0 },
      xAxis: { type: 'category', data: s.byMonth.map((m) => m.month) },
      yAxis: { type: 'value' },
      series: [
        { type: 'line', name: t('figure.cases'), data: s.byMonth.map((m) => m.cases) },
        { type: 'line', name: t('figure.resolved'), data: s.byMonth.map((m) => m.resolved) },
        { type: 'line', name: t('figure.consultations'), data: s.byMonth.map((m) => m.consultations) },
      ],
    },
    outcome: {
      color: PALETTE,
      animation: false,
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: outcomeKeys.map((k) => ({ name: name('outcome', k), value: s.byOutcome[k] })), label: { formatter: '{b}: {c}' } }],
    },
    category: bar(s.byCategory.map((c) => name('category', c.category)), [
      { name: t('figure.cases'), data: s.byCategory.map((c) => c.cases) },
      { name: t('figure.resolved'), data: s.byCategory.map((c) => c.resolved) },
    ]),
    status: bar(Object.keys(s.byStatus).map((k) => name('status', k)), [{ name: t('figure.cases'), data: Object.values(s.byStatus) }]),
    area: bar(area.map((a) => name('village', a.key)), [
      { name: t('figure.cases'), data: area.map((a) => a.f.cases) },
      { name: t('figure.resolved'), data: area.map((a) => a.f.resolved) },
      { name: t('figure.followUpsOverdue'), data: area.map((a) => a.f.followUpsOverdue) },
    ]),
  };
}
