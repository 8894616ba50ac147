/**
 * `npm run bench:weak-link`: a villager's link through the product's own SFU (issue #16).
 *
 * A mediator (this host) and a villager whose Chromium runs in a network namespace of
 * the bench's own (signaling/test/support/netns.ts): the villager's uplink is limited with
 * tc tbf and loses packets at random in an nft netdev ingress table at the receiving end
 * (this kernel has no netem: no added delay). For each condition it prints one JSON line:
 * the mediator's concealment of the villager's audio (%), its mean jitter-buffer delay
 * (ms), the villager's video as decoded at the mediator (fps, height), the time until the
 * villager's page went audio-only by itself, and the time until video (shaped conditions)
 * or audio (the outage) came back once the link was lifted. Then, last, the summary.
 *
 * Conditions: unshaped; 200 kbit/s; 200 kbit/s + 5 %; 100 kbit/s + 10 %; a 20 s outage.
 * Needs root, ip, tc (tbf) and nft; elsewhere it prints why and a summary with shaped=false.
 * Options: --window=20 (seconds measured per condition); --outage-only; --smoke: unshaped and
 * 100 kbit/s + 10 % with 3 s windows, no wait for recovery.
 */
import { arg, report, round, smoke, sleep } from './common';
import { eventually } from '../../signaling/test/support/browser';
import { ensureWebBuilt } from '../../signaling/test/support/web-build';
import { shapingUnavailable, type Shape } from '../../signaling/test/support/netns';
import { audioReceipt, between, openVillageRoom, type VillageRoom } from '../../signaling/test/support/village-room';

const WINDOW_S = arg('window', 20, 3);
const OUTAGE_S = 20;
/** --outage-only: just the 20 s outage. */
const outageOnly = process.argv.includes('--outage-only');

interface Line {
  condition: string;
  concealed_pct: number | null;
  jitter_buffer_ms: number | null;
  video_fps: number;
  video_height: number;
  to_audio_only_s: number | null;
  to_recover_s: number | null;
}

const uplinkOf = (v: VillageRoom) => v.villager.page.evaluate(() => (globalThis.__shuoshi!.client as unknown as { uplink: string }).uplink);
const videoFrames = async (v: VillageRoom) => (await audioReceipt(v.mediator, 'peer-villager')).videoFrames;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const start = Date.now();
  try {
    await eventually(check, timeoutMs, 'condition');
    return round((Date.now() - start) / 1000);
  } catch {
    return null;
  }
}

/** Video flowing at full layers again before the next condition (the uplink guard steps up slowly). */
async function videoBack(v: VillageRoom, timeoutMs: number): Promise<number | null> {
  return waitFor(async () => {
    if ((await uplinkOf(v)) === 'audioOnly') return false;
    const before = await videoFrames(v);
    await sleep(500);
    return (await videoFrames(v)) > before;
  }, timeoutMs);
}

async function shaped(v: VillageRoom, condition: string, shape: Shape): Promise<Line> {
  const at = Date.now();
  v.link.shape(shape);
  let audioOnlyAt: number | null = null;
  const watch = (async () => {
    while (Date.now() - at < 20_000 + WINDOW_S * 1000) {
      if ((await uplinkOf(v).catch(() => 'good')) === 'audioOnly') return void (audioOnlyAt = Date.now());
      await sleep(250);
    }
  })();
  await sleep(Math.min(5_000, WINDOW_S * 1000)); // the first seconds of a new condition are not the condition
  const a = await audioReceipt(v.mediator, 'peer-villager');
  await sleep(WINDOW_S * 1000);
  const b = await audioReceipt(v.mediator, 'peer-villager');
  await watch;
  const m = between(a, b, WINDOW_S);
  v.link.shape({});
  const recover = smoke || !shape.uplinkKbit ? null : await videoBack(v, 90_000);
  return {
    condition,
    concealed_pct: m.concealedPct,
    jitter_buffer_ms: m.jitterBufferMs,
    video_fps: m.videoFps,
    video_height: m.videoHeight,
    to_audio_only_s: audioOnlyAt === null ? null : round((audioOnlyAt - at) / 1000),
    to_recover_s: recover,
  };
}

async function outage(v: VillageRoom): Promise<Line> {
  const a = await audioReceipt(v.mediator, 'peer-villager');
  v.link.down();
  await sleep(OUTAGE_S * 1000);
  const b = await audioReceipt(v.mediator, 'peer-villager');
  v.link.up();
  // samples played that were not concealed (totalSamplesReceived counts the concealed ones too): 0.2 s of real audio
  const heard = (r: { totalSamples: number; concealedSamples: number }) => r.totalSamples - r.concealedSamples;
  const back = await waitFor(async () => heard(await audioReceipt(v.mediator, 'peer-villager')) > heard(b) + 48_000 * 0.2, 60_000);
  const m = between(a, b, OUTAGE_S);
  return { condition: `${OUTAGE_S}s outage`, concealed_pct: m.concealedPct, jitter_buffer_ms: m.jitterBufferMs, video_fps: m.videoFps, video_height: m.videoHeight, to_audio_only_s: null, to_recover_s: back };
}

async function main(): Promise<void> {
  const why = shapingUnavailable();
  if (why) {
    console.error(`[bench:weak-link] cannot shape a link here: ${why}`);
    report('weak-link', { shaped: false, conditions: 0, worst_concealed_pct: null, audio_only_s_100k10: null, outage_audio_back_s: null }, { reason: why });
    return;
  }
  ensureWebBuilt();
  const v = await openVillageRoom('bench-weak-link');
  const lines: Line[] = [];
  const emit = (l: Line) => {
    lines.push(l);
    console.log(JSON.stringify(l));
  };
  try {
    if (!outageOnly) {
      emit(await shaped(v, 'unshaped', {}));
      if (!smoke) {
        emit(await shaped(v, '200kbit', { uplinkKbit: 200 }));
        emit(await shaped(v, '200kbit+5%', { uplinkKbit: 200, uplinkLossPct: 5 }));
      }
      emit(await shaped(v, '100kbit+10%', { uplinkKbit: 100, uplinkLossPct: 10 }));
    }
    if (!smoke || outageOnly) emit(await outage(v));
  } finally {
    await v.close();
  }
  // the outage's own line counts the silence of the outage: not a condition's quality
  const worst = lines.filter((l) => !l.condition.endsWith('outage')).map((l) => l.concealed_pct).filter((x): x is number => x !== null);
  report(
    'weak-link',
    {
      shaped: true,
      conditions: lines.length,
      worst_concealed_pct: worst.length ? Math.max(...worst) : null,
      audio_only_s_100k10: lines.find((l) => l.condition === '100kbit+10%')?.to_audio_only_s ?? null,
      outage_audio_back_s: lines.find((l) => l.condition.endsWith('outage'))?.to_recover_s ?? null,
    },
    { window_s: WINDOW_S, lines },
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
