import { useMemo } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import type { DisputeCategory } from '../api/types';
import type { StatisticsFilter } from '../api/endpoints';
import { useApi, type Loaded } from '../app/useApi';
import { ErrorNote, useFormat } from '../app/ui';
import { lawyerEndpoints, type ConsultationStatistics } from '../lawyer/api';
import { useAuth } from '../app/auth';
import { Chart, type ChartOption } from './Chart';

const PALETTE = ['#0b5d3b', '#b45309', '#1d4ed8', '#9d174d', '#4d7c0f', '#6b21a8'];
export const CONSULTATION_KPIS = ['requested', 'answered', 'waitP50S', 'waitP95S', 'abandoned', 'callbacks', 'callbacksKept', 'callbacksMissed'] as const;

/** GET /api/statistics/consultations with the dashboard's filters (its category is the consultations' topic). */
export function useConsultationStats(f: StatisticsFilter): Loaded<ConsultationStatistics> {
  const { api } = useAuth();
  const lw = useMemo(() => lawyerEndpoints(api), [api]);
  const q = { townshipId: f.townshipId, villageId: f.villageId, topic: f.category as DisputeCategory | undefined, from: f.from, to: f.to };
  return useApi(() => lw.statistics(q), [lw, JSON.stringify(q)]);
}

/** 法律咨询 on the dashboard: the figures, by topic and by village, and call-back results. */
export function ConsultationStats({ stats, villageName }: { stats: Loaded<ConsultationStatistics>; villageName(id: string | null): string }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const s = stats.data;
  const options = useMemo(() => (s ? chartOptions(s, t, villageName) : null), [s, t, villageName]);
  return (
    <section className="consultation-stats" aria-labelledby="cstats-h">
      <h2 id="cstats-h">{t('cstats.title')}</h2>
      <ErrorNote error={stats.error} />
      {s && options && (
        <>
          <dl className="kpis" data-testid="consultation-kpis" aria-busy={stats.loading}>
            {CONSULTATION_KPIS.map((k) => (
              <div key={k} className="kpi">
                <dt>{t(`cstats.${k}`)}</dt>
                <dd data-consult-figure={k}>{s.totals[k] === null ? '—' : fmt.number(s.totals[k])}</dd>
              </div>
            ))}
          </dl>
          <div className="charts">
            <section aria-labelledby="ch-c-topic">
              <h3 id="ch-c-topic">{t('cstats.chart.topic')}</h3>
              <Chart testId="chart-consult-topic" option={options.topic} label={t('cstats.chart.topic')} />
            </section>
            <section aria-labelledby="ch-c-callbacks">
              <h3 id="ch-c-callbacks">{t('cstats.chart.callbacks')}</h3>
              <Chart testId="chart-consult-callbacks" option={options.callbacks} label={t('cstats.chart.callbacks')} />
            </section>
            <section aria-labelledby="ch-c-village" className="wide">
              <h3 id="ch-c-village">{t('cstats.chart.village')}</h3>
              <Chart testId="chart-consult-village" option={options.village} label={t('cstats.chart.village')} height={360} />
            </section>
          </div>
        </>
      )}
    </section>
  );
}

function chartOptions(s: ConsultationStatistics, t: (k: MessageKey) => string, villageName: (id: string | null) => string): Record<'topic' | 'village' | 'callbacks', ChartOption> {
  const base = { color: PALETTE, tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 40, bottom: 56 }, textStyle: { fontSize: 14 }, animation: false };
  const bar = (labels: string[], series: Array<{ name: string; data: number[] }>) => ({
    ...base,
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: series.map((x) => ({ type: 'bar', ...x })),
  });
  const villages = [...s.byVillage].sort((a, b) => b.requested - a.requested).slice(0, 30);
  return {
    topic: bar(s.byTopic.map((x) => t(`category.${x.topic}`)), [
      { name: t('cstats.requested'), data: s.byTopic.map((x) => x.requested) },
      { name: t('cstats.answered'), data: s.byTopic.map((x) => x.answered) },
    ]),
    village: bar(villages.map((v) => (v.villageId ? villageName(v.villageId) : t('cstats.unknownVillage'))), [
      { name: t('cstats.requested'), data: villages.map((v) => v.requested) },
      { name: t('cstats.answered'), data: villages.map((v) => v.answered) },
      { name: t('cstats.abandoned'), data: villages.map((v) => v.abandoned) },
    ]),
    callbacks: {
      color: PALETTE,
      animation: false,
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          label: { formatter: '{b}: {c}' },
          data: [
            { name: t('cstats.callbacksKept'), value: s.totals.callbacksKept },
            { name: t('cstats.callbacksMissed'), value: s.totals.callbacksMissed },
            { name: t('lw.callbacks.untaken'), value: Math.max(0, s.totals.callbacks - s.totals.callbacksKept - s.totals.callbacksMissed) },
          ],
        },
      ],
    },
  };
}
