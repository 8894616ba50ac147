import { useMemo, useState, type FormEvent } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import { CATEGORIES, FIGURE_KEYS, type DisputeCategory, type Figures, type Statistics } from '../api/types';
import type { StatisticsFilter } from '../api/endpoints';
import { useAuth } from '../app/auth';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { useOrganisation } from '../console/useOrganisation';
import type { ChartOption } from './Chart';
import { PALETTE, axisBase, barChart, ringChart } from './chart-options';
import { ChartPanel, KpiList } from './panels';
import { DateRangeFields, SelectField, choices } from '../app/fields';
import { ColumnHeads } from '../app/table';
import { download, statisticsCsv } from './csv';
import { ConsultationStats, useConsultationStats } from './ConsultationStats';
import { consultationCsvRows } from './consultation-csv';
import { CONSULTATION_FIGURE_KEYS, type ConsultationFigures } from '../lawyer/api';
import './dashboard.css';

const KPIS = ['cases', 'concluded', 'resolved', 'successRate', 'medianDaysToOutcome', 'followUpsOverdue', 'consultations', 'consultationsAnswered'] as const;

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

  const all = { value: '', label: t('common.all') };
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
        <SelectField
          label={t('case.township')}
          name="townshipId"
          value={draft.townshipId}
          disabled={!!lockedTownship}
          onChange={(e) => setDraft({ ...draft, townshipId: e.target.value, villageId: '' })}
          first={[all]}
          choices={townships.map((tw) => ({ value: tw.id, label: tw.name }))}
        />
        <SelectField label={t('case.village')} name="villageId" value={draft.villageId} onChange={(e) => setDraft({ ...draft, villageId: e.target.value })} first={[all]} choices={villages.map((v) => ({ value: v.id, label: v.name }))} />
        <SelectField label={t('case.category')} name="category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as DisputeCategory | '' })} first={[all]} choices={choices(CATEGORIES, (c) => t(`category.${c}`))} />
        <DateRangeFields from={draft.from} to={draft.to} onChange={(k, v) => setDraft({ ...draft, [k]: v })} />
        <button type="submit" className="primary-button">
          {t('cases.filter.apply')}
        </button>
      </form>
      <ErrorNote error={error} />
      {loading && !s && <Loading />}
      {s && options && (
        <>
          <KpiList
            testId="kpis"
            busy={loading}
            figureAttribute="data-figure"
            items={KPIS.map((k) => ({ key: k, label: t(`figure.${k}`), value: k === 'successRate' ? fmt.percent(s.totals.successRate) : k === 'medianDaysToOutcome' ? (s.totals.medianDaysToOutcome ?? '—') : fmt.number(s.totals[k]) }))}
          />
          <div className="charts">
            <ChartPanel id="ch-month" heading="h2" title={t('stats.chart.month')} testId="chart-month" option={options.month} />
            <ChartPanel id="ch-outcome" heading="h2" title={t('stats.chart.outcome')} testId="chart-outcome" option={options.outcome} />
            <ChartPanel id="ch-category" heading="h2" title={t('stats.chart.category')} testId="chart-category" option={options.category} />
            <ChartPanel id="ch-status" heading="h2" title={t('stats.chart.status')} testId="chart-status" option={options.status} />
            <ChartPanel id="ch-area" heading="h2" title={t(s.byTownship.length > 1 ? 'stats.chart.township' : 'stats.chart.village')} testId="chart-area" option={options.area} height={360} wide />
          </div>
          <table className="data-table" data-testid="category-table">
            <caption>{t('stats.table.category')}</caption>
            <ColumnHeads columns={[t('case.category'), t('figure.cases'), t('figure.resolved'), t('figure.successRate')]} />
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
  const base = axisBase(PALETTE);
  const bar = (labels: string[], series: Array<{ name: string; data: number[] }>) => barChart(PALETTE, labels, series);
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
    outcome: ringChart(PALETTE, outcomeKeys.map((k) => ({ name: name('outcome', k), value: s.byOutcome[k] }))),
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
