import type { ChartOption } from './Chart';

/** The dashboard's colours, in the order series take them. */
export const PALETTE = ['#0b5d3b', '#b45309', '#1d4ed8', '#9d174d', '#4d7c0f', '#6b21a8', '#0f766e', '#57534e'];

/** What every axis chart on the dashboard shares. */
export const axisBase = (palette: string[]) => ({ color: palette, tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 40, bottom: 56 }, textStyle: { fontSize: 14 }, animation: false });

/** A bar chart of `series` over `labels` (labels slant when there are more than 8). */
export function barChart(palette: string[], labels: string[], series: Array<{ name: string; data: number[] }>): ChartOption {
  return {
    ...axisBase(palette),
    legend: { top: 0 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 8 ? 40 : 0 } },
    yAxis: { type: 'value' },
    series: series.map((x) => ({ type: 'bar', ...x })),
  };
}

/** A ring chart of named counts, each labelled "name: count". */
export function ringChart(palette: string[], data: Array<{ name: string; value: number }>): ChartOption {
  return {
    color: palette,
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data, label: { formatter: '{b}: {c}' } }],
  };
}
