import { describe, expect, it } from 'vitest';
import { planRendition, type RenditionTrack } from './rendition-plan';

const t0 = new Date('2026-11-23T08:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const track = (label: string, kind: 'AUDIO' | 'VIDEO', startMs: number, durationMs: number): RenditionTrack => ({ file: `/r/${label}-${kind}.webm`, kind, label, startedAt: at(startMs), durationMs });
const opts = { output: '/r/out.mp4', workDir: '/tmp/w', video: { encoder: 'libx264' as const, fps: 15 } };

describe('planRendition', () => {
  it('spans the session from the first start to the last end and places tracks by their start', () => {
    const plan = planRendition([track('甲', 'VIDEO', 0, 10_000), track('甲', 'AUDIO', 200, 9_800), track('乙', 'VIDEO', 3_000, 9_500), track('乙', 'AUDIO', 3_100, 9_000)], opts);
    expect(plan.origin).toEqual(t0);
    expect(plan.durationMs).toBe(12_500);
    expect(plan.participants).toEqual(['甲', '乙']);
    expect([plan.width, plan.height]).toEqual([640, 240]);
    expect(plan.filterScript).toContain('[2:v:0]setpts=PTS-STARTPTS+3.000/TB');
    expect(plan.filterScript).toContain('overlay=x=320:y=0');
    expect(plan.filterScript).toContain('[3:a:0]asetpts=PTS-STARTPTS+3.100/TB');
    expect(plan.filterScript).toContain('amix=inputs=2');
    expect(plan.args).toEqual(expect.arrayContaining(['-t', '12.500', '-c:v', 'libx264', '/r/out.mp4']));
  });

  it('lays out a grid that fits everyone, and a single participant larger', () => {
    const four = planRendition(['a', 'b', 'c', 'd'].map((l) => track(l, 'VIDEO', 0, 1_000)), opts);
    expect([four.width, four.height]).toEqual([640, 480]);
    const five = planRendition(['a', 'b', 'c', 'd', 'e'].map((l) => track(l, 'VIDEO', 0, 1_000)), opts);
    expect([five.width, five.height]).toEqual([960, 480]);
    const one = planRendition([track('a', 'AUDIO', 0, 1_000)], opts);
    expect([one.width, one.height]).toEqual([640, 480]);
    expect(one.filterScript).toContain('anull[aout]');
  });

  it('writes participant labels only with a usable font, from files (no escaping of what people typed)', () => {
    const plan = planRendition([track("O'Brien: 1,2", 'VIDEO', 0, 1_000)], { ...opts, fontFile: '/usr/share/fonts/x.ttc' });
    expect([...plan.labelFiles.values()]).toEqual(["O'Brien: 1,2"]);
    expect(plan.filterScript).toContain('textfile=/tmp/w/label-0.txt');
    expect(plan.filterScript).not.toContain('Brien');
    expect(() => planRendition([], opts)).toThrow();
  });
});
