import { FIGURE_KEYS, type Figures, type Statistics } from '../api/types';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The statistics as one CSV table: a row per group (total, status, outcome, township,
 * village, category, month) with every figure. UTF-8 with a byte-order mark so Excel
 * opens the Chinese names correctly; CRLF line ends.
 */
export function statisticsCsv(s: Statistics, label: { group: string; name: string; columns: Record<keyof Figures, string>; groups: Record<string, string> }, name: (kind: string, key: string) => string): string {
  const head = [label.group, label.name, ...FIGURE_KEYS.map((k) => label.columns[k])];
  const rows: Array<Array<string | number | null>> = [head];
  const fig = (f: Figures) => FIGURE_KEYS.map((k) => f[k]);
  rows.push([label.groups.total!, '', ...fig(s.totals)]);
  for (const t of s.byTownship) rows.push([label.groups.township!, name('township', t.townshipId), ...fig(t)]);
  for (const v of s.byVillage) rows.push([label.groups.village!, name('village', v.villageId), ...fig(v)]);
  for (const c of s.byCategory) rows.push([label.groups.category!, name('category', c.category), ...fig(c)]);
  for (const m of s.byMonth) rows.push([label.groups.month!, m.month, ...fig(m)]);
  for (const [k, n] of Object.entries(s.byStatus)) rows.push([label.groups.status!, name('status', k), n]);
  for (const [k, n] of Object.entries(s.byOutcome)) rows.push([label.groups.outcome!, name('outcome', k), n]);
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary link. */
export function download(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
