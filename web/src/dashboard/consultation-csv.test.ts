import { describe, expect, it } from 'vitest';
import { consultationCsvRows } from './consultation-csv';
import { CONSULTATION_FIGURE_KEYS, type ConsultationFigures, type ConsultationStatistics } from '../lawyer/api';

const f = (requested: number, waitP50S: number | null): ConsultationFigures => ({ requested, answered: requested - 1, abandoned: 1, live: requested - 1, waitP50S, waitP95S: waitP50S === null ? null : waitP50S * 3, callbacks: 2, callbacksKept: 1, callbacksMissed: 0 });

describe('consultation CSV rows', () => {
  it('has its own header, then totals, villages and topics with every figure (an empty field for a missing wait)', () => {
    const s: ConsultationStatistics = {
      filters: { townshipId: null, villageId: null, topic: null, from: null, to: null },
      totals: f(5, 42.5),
      byVillage: [{ villageId: 'v1', townshipId: 't1', ...f(3, 12) }, { villageId: null, townshipId: null, ...f(2, null) }],
      byTopic: [{ topic: 'LABOUR_WAGES', ...f(5, 42.5) }],
    };
    const columns = Object.fromEntries(CONSULTATION_FIGURE_KEYS.map((k) => [k, `c:${k}`])) as Record<keyof ConsultationFigures, string>;
    const csv = consultationCsvRows(s, { group: '分组', name: '名称', columns, groups: { total: '咨询合计', village: '咨询·村', topic: '咨询·类别' } }, (kind, key) => (kind === 'village' ? (key === 'v1' ? '东坪村,一组' : '（未归村）') : `topic:${key}`));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toEqual([
      `分组,名称,${CONSULTATION_FIGURE_KEYS.map((k) => `c:${k}`).join(',')}`,
      '咨询合计,,5,4,1,4,42.5,127.5,2,1,0',
      '咨询·村,"东坪村,一组",3,2,1,2,12,36,2,1,0',
      '咨询·村,（未归村）,2,1,1,1,,,2,1,0',
      '咨询·类别,topic:LABOUR_WAGES,5,4,1,4,42.5,127.5,2,1,0',
    ]);
  });
});
