import { describe, expect, it } from 'vitest';
import { csvField, statisticsCsv } from './csv';
import type { Figures, Statistics } from '../api/types';

const f = (cases: number): Figures => ({ cases, concluded: cases, resolved: cases, successRate: 1, written: cases, verbal: 0, failed: 0, referred: 0, medianDaysToOutcome: 2.5, followUpsOverdue: 0, consultations: 0, consultationsAnswered: 0 });

describe('statistics CSV', () => {
  it('quotes what needs quoting', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(0.9123)).toBe('0.9123');
  });

  it('starts with a UTF-8 BOM and holds a row per group with every figure', () => {
    const s: Statistics = {
      filters: { townshipId: null, villageId: null, category: null, from: null, to: null },
      totals: f(3),
      byStatus: { ACCEPTED: 1, IN_MEDIATION: 0, OUTCOME_GIVEN: 0, FOLLOWED_UP: 0, CLOSED: 2 },
      byOutcome: { WRITTEN_AGREEMENT: 3, VERBAL_AGREEMENT: 0, FAILED: 0, REFERRED: 0, NONE: 0 },
      byTownship: [{ townshipId: 't1', ...f(3) }],
      byVillage: [{ villageId: 'v1', townshipId: 't1', ...f(3) }],
      byCategory: [{ category: 'NEIGHBOUR', ...f(3) }],
      byMonth: [{ month: '2026-01', ...f(3) }],
    };
    const columns = Object.fromEntries(Object.keys(f(0)).map((k) => [k, k])) as Record<keyof Figures, string>;
    const groups = { total: '合计', township: '乡镇', village: '村', category: '类型', month: '月份', status: '状态', outcome: '结果' };
    const csv = statisticsCsv(s, { group: '分组', name: '名称', columns, groups }, (kind, key) => `${kind}:${key}`);
    expect(csv.startsWith('\uFEFF分组,名称,cases,')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 1 + 1 + 1 + 1 + 1 + 5 + 5);
    expect(lines[1]).toBe('合计,,3,3,3,1,3,0,0,0,2.5,0,0,0');
    expect(lines).toContain('村,village:v1,3,3,3,1,3,0,0,0,2.5,0,0,0');
    expect(lines).toContain('状态,status:CLOSED,2');
    expect(new TextEncoder().encode(csv).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
