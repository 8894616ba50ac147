import { describe, expect, it } from 'vitest';
import { hasMessage, translate, type MessageKey } from '../../i18n';
import { caseTitle, elapsedText, joinsFromText, tileLabels } from './labels';

const t = (k: MessageKey, v?: Record<string, string | number>) => translate('zh-CN', k, v);
const peer = (peerId: string, displayName: string, role: 'operator' | 'party' | 'mediator' | 'lawyer', talkRoom?: string) => ({ peerId, displayName, role, ...(talkRoom ? { talkRoom } : {}) });

describe('tile labels', () => {
  it('two PCs of one talk room, each named after it, become 设备1 and 设备2 in joining order', () => {
    const labels = tileLabels([peer('d1', '青山村说事室', 'operator', '青山村说事室'), peer('d2', '青山村说事室', 'operator', '青山村说事室')], t);
    expect([...labels.values()]).toEqual([
      { name: '青山村说事室 · 设备1', place: undefined },
      { name: '青山村说事室 · 设备2', place: undefined },
    ]);
  });

  it('a person at a talk room gets 来自…; a party without one is on a phone; staff get no place', () => {
    const labels = tileLabels([peer('a', '刘大山', 'party', '青山村说事室'), peer('b', '赵小河', 'party'), peer('c', '李明', 'mediator'), peer('d', '白水村说事室', 'operator', '白水村说事室')], t);
    expect(labels.get('a')).toEqual({ name: '刘大山', place: '来自青山村说事室' });
    expect(labels.get('b')).toEqual({ name: '赵小河', place: '来自手机' });
    expect(labels.get('c')).toEqual({ name: '李明', place: undefined });
    expect(labels.get('d')).toEqual({ name: '白水村说事室', place: undefined });
  });
});

describe('elapsed time', () => {
  it('minutes and seconds, hours when there are any, never negative', () => {
    expect(elapsedText(-5000)).toBe('0:00');
    expect(elapsedText(65_999)).toBe('1:05');
    expect(elapsedText(3_909_000)).toBe('1:05:09');
  });
});

describe('the case title', () => {
  it('names the dispute once: 邻里纠纷调解, never 邻里纠纷纠纷调解 (zh-CN and English)', () => {
    const title = (category: string | null, kind: 'MEDIATION' | 'CONSULTATION' = 'MEDIATION', locale: 'zh-CN' | 'en' = 'zh-CN') =>
      caseTitle({ kind, category }, (k, v) => translate(locale, k, v), hasMessage);
    expect(title('NEIGHBOUR')).toBe('邻里纠纷调解');
    expect(title('LAND_HOMESTEAD')).toBe('土地宅基地纠纷调解');
    expect(title('OTHER')).toBe('其他纠纷调解');
    expect(title('MARRIAGE_FAMILY', 'CONSULTATION')).toBe('法律咨询 · 婚姻家庭');
    expect(title('NEIGHBOUR', 'MEDIATION', 'en')).toBe('Neighbours dispute mediation');
    for (const c of ['NEIGHBOUR', 'LAND_HOMESTEAD', 'OTHER', null]) expect(title(c)).not.toMatch(/纠纷纠纷/);
  });
});

describe('where a party joins from', () => {
  it('a phone, a talk room, or either when invited both ways', () => {
    expect(joinsFromText({ kind: 'phone' }, t)).toBe('用手机参加');
    expect(joinsFromText({ kind: 'talkRoom', name: '东坪村说事拉理室' }, t)).toBe('在东坪村说事拉理室参加');
    expect(joinsFromText({ kind: 'phoneOrTalkRoom', name: '东坪村说事拉理室' }, t)).toBe('用手机或在东坪村说事拉理室参加');
  });
});
