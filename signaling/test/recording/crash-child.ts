/**
 * A recorder in its own process, for crash.test.ts: a media worker, two ffmpeg-fed
 * participants, a SessionRecorder writing to the test's database and directory.
 * Prints one JSON line when all four tracks are being written, then runs until it
 * is killed. Not a test file: run with `node --import tsx crash-child.ts`.
 */
import { pino } from 'pino';
import { openDatabase } from '@shuoshi/db';
import { SessionRecorder } from '../../src/recording/session-recorder';
import { RecordingStore } from '../../src/recording/store';
import { defaultTools } from '../../src/recording/tools';
import { SfuRecordableRoom } from '../../src/rooms/sfu-adapter';
import { feedParticipant, startPool, untilFlowing } from './feed';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set`);
  return v;
};
const db = await openDatabase({ url: env('DATABASE_URL'), dataDir: '', migrate: false, poolMax: 1 });
const pool = await startPool();
const room = await pool.createRoom(env('ROOM_ID'));
const feeds = [await feedParticipant(room, 'party-a', 60, 350), await feedParticipant(room, 'party-b', 60, 550)];
await Promise.all(feeds.map((f) => untilFlowing(f.video)));
const recorder = new SessionRecorder({
  session: { id: env('SESSION_ID'), caseId: env('CASE_ID'), roomId: env('ROOM_ID') },
  room: new SfuRecordableRoom(room),
  store: new RecordingStore(db.prisma),
  recordingsDir: env('RECORDINGS_DIR'),
  tools: defaultTools(),
  log: pino({ level: 'warn' }),
});
const tracks = [];
for (const [i, f] of feeds.entries()) {
  tracks.push(await recorder.start(f.video.id, { label: `当事人 ${i + 1}`, peerId: f.peerId }));
  tracks.push(await recorder.start(f.audio.id, { label: `当事人 ${i + 1}`, peerId: f.peerId }));
}
console.log(
  JSON.stringify({
    ready: true,
    at: Date.now(),
    paths: tracks.map((t) => t.path),
    recordingIds: tracks.map((t) => t.recordingId),
    toolPids: recorder.toolPids(),
    feedPids: feeds.map((f) => f.ffmpeg.pid),
    workerPids: pool.health().map((w) => w.pid),
  }),
);
setInterval(() => undefined, 60_000);
