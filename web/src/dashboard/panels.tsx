import type { ReactNode } from 'react';
import { Chart, type ChartOption } from './Chart';

/** A row of headline figures (<dl class="kpis">); each <dd> carries its key in `figureAttribute` for the tests and the CSV check. */
export function KpiList({ testId, busy, figureAttribute, items }: { testId: string; busy: boolean; figureAttribute: 'data-figure' | 'data-consult-figure'; items: ReadonlyArray<{ key: string; label: string; value: ReactNode }> }) {
  return (
    <dl className="kpis" data-testid={testId} aria-busy={busy}>
      {items.map((k) => (
        <div key={k.key} className="kpi">
          <dt>{k.label}</dt>
          <dd {...{ [figureAttribute]: k.key }}>{k.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One titled chart in the .charts grid; the title is also the chart's accessible name. */
export function ChartPanel({ id, title, heading: H, testId, option, height, wide = false }: { id: string; title: string; heading: 'h2' | 'h3'; testId: string; option: ChartOption; height?: number; wide?: boolean }) {
  return (
    <section aria-labelledby={id} className={wide ? 'wide' : undefined}>
      <H id={id}>{title}</H>
      <Chart testId={testId} option={option} label={title} {...(height === undefined ? {} : { height })} />
    </section>
  );
}
