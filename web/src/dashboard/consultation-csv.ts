import { CONSULTATION_FIGURE_KEYS, type ConsultationFigures, type ConsultationStatistics } from '../lawyer/api';
import { csvField } from './csv';

/**
 * The consultation figures as CSV rows to append to the statistics CSV: a header row
 * of their own (group, name, every consultation figure), then totals, villages, topics.
 * CRLF line ends; no byte-order mark (the statistics CSV before it has one).
 */
export function consultationCsvRows(
  s: ConsultationStatistics,
  label: { group: string; name: string; columns: Record<keyof ConsultationFigures, string>; groups: { total: string; village: string; topic: string } },
  name: (kind: 'village' | 'topic', key: string | null) => string,
): string {
  const fig = (f: ConsultationFigures) => CONSULTATION_FIGURE_KEYS.map((k) => f[k]);
  const rows: Array<Array<string | number | null>> = [[label.group, label.name, ...CONSULTATION_FIGURE_KEYS.map((k) => label.columns[k])]];
  rows.push([label.groups.total, '', ...fig(s.totals)]);
  for (const v of s.byVillage) rows.push([label.groups.village, name('village', v.villageId), ...fig(v)]);
  for (const x of s.byTopic) rows.push([label.groups.topic, name('topic', x.topic), ...fig(x)]);
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
