import { useMemo } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import type { DisputeCategory } from '../api/types';
import type { StatisticsFilter } from '../api/endpoints';
import { useApi, type Loaded } from '../app/useApi';
import { ErrorNote, useFormat } from '../app/ui';
import { lawyerEndpoints, type ConsultationStatistics } from '../lawyer/api';
import { useAuth } from '../app/auth';
import type { ChartOption } from './Chart';
import { PALETTE as DASHBOARD_PALETTE, barChart, ringChart } from './chart-options';
import { ChartPanel, KpiList } from './panels';

const PALETTE = DASHBOARD_PALETTE.slice(0, 6);
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
          <KpiList testId="consultation-kpis" busy={stats.loading} figureAttribute="data-consult-figure" items={CONSULTATION_KPIS.map((k) => ({ key: k, label: t(`cstats.${k}`), value: s.totals[k] === null ? '—' : fmt.number(s.totals[k]) }))} />
          <div className="charts">
            <ChartPanel id="ch-c-topic" heading="h3" title={t('cstats.chart.topic')} testId="chart-consult-topic" option={options.topic} />
            <ChartPanel id="ch-c-callbacks" heading="h3" title={t('cstats.chart.callbacks')} testId="chart-consult-callbacks" option={options.callbacks} />
            <ChartPanel id="ch-c-village" heading="h3" title={t('cstats.chart.village')} testId="chart-consult-village" option={options.village} height={360} wide />
          </div>
        </>
      )}
    </section>
  );
}

function chartOptions(s: ConsultationStatistics, t: (k: MessageKey) => string, villageName: (id: string | null) => string): Record<'topic' | 'village' | 'callbacks', ChartOption> {
  const bar = (labels: string[], series: Array<{ name: string; data: number[] }>) => barChart(PALETTE, labels, series);
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
    callbacks: ringChart(PALETTE, [
      { name: t('cstats.callbacksKept'), value: s.totals.callbacksKept },
      { name: t('cstats.callbacksMissed'), value: s.totals.callbacksMissed },
      { name: t('lw.callbacks.untaken'), value: Math.max(0, s.totals.callbacks - s.totals.callbacksKept - s.totals.callbacksMissed) },
    ]),
  };
}
