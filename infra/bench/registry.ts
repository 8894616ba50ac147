/**
 * Every benchmark, one line each: its `npm run bench:<name>` script, and the fields
 * of the one JSON line it prints last (name → type, unit, what it means). A new
 * benchmark is a package.json script plus one entry here; then `npm test` runs its
 * smoke size (bench.smoke.test.ts) and `npm run bench:all` puts it in the README.
 */
/** `numbers`: a list of finite numbers (e.g. one per node). */
export type FieldType = 'number' | 'numbers' | 'string' | 'boolean' | 'object';
export interface Field {
  type: FieldType;
  /** Absent from some runs (e.g. `cold_s` without `--cold`). */
  optional?: boolean;
  /** May be null: a figure the run could not take (e.g. no frame decoded). */
  nullable?: boolean;
  /** Shown after the value in the README table. */
  unit?: string;
  /** Left out of the README table. */
  hidden?: boolean;
  about: string;
}
export interface Bench {
  /** `npm run bench:<name>`. */
  name: string;
  /** What it measures, for the README table. */
  what: string;
  fields: Record<string, Field>;
}

const n = (about: string, unit?: string, more: Partial<Field> = {}): Field => ({ type: 'number', about, ...(unit ? { unit } : {}), ...more });

export const BENCHES: Bench[] = [
  {
    name: 'join',
    what: 'join → first remote frame, invited joiner (vs direct WebRTC)',
    fields: {
      joins: n('joins measured'),
      p50_ms: n('median ms from join() to the first decoded frame', 'ms'),
      p95_ms: n('95th percentile of the same', 'ms'),
      baseline_p95_ms: n('95th percentile of the direct browser-to-browser baseline', 'ms'),
      ratio_p95: n('p95 over baseline p95', '×'),
      livekit_p50_ms: n('median ms from livekit-client room.connect() to the first decoded frame (the LiveKit endpoint)', 'ms'),
      livekit_p95_ms: n('95th percentile of the same', 'ms'),
    },
  },
  {
    name: 'start',
    what: '`npm start` → healthy /health',
    fields: {
      where: { type: 'string', about: '"fresh clone" (full) or "this checkout" (smoke)' },
      warm_s: n('seconds, mediasoup worker cached', 's'),
      cold_s: n('seconds with an empty worker cache (--cold only)', 's', { optional: true }),
      load1: n('1-minute load average after the run'),
    },
  },
  {
    name: 'api',
    what: 'REST under 10 concurrent clients (generated county)',
    fields: {
      cases: n('cases in the generated county'),
      list_p95_ms: n("p95 of a township mediator's open-case list", 'ms'),
      stats_p95_ms: n('p95 of county statistics as deployed (cached)', 'ms'),
      list_rps: n('case-list requests per second', 'req/s'),
      stats_uncached_p95_ms: n('p95 of county statistics computed on every request', 'ms'),
      db: { type: 'string', about: 'database: pglite or postgres' },
    },
  },
  {
    name: 'recording',
    what: 'recording a 4-person session (8 tracks)',
    fields: {
      tracks: n('tracks recorded'),
      cpu_pct_per_track: n('CPU per recorded track (ffmpeg + worker share), % of one core', '%'),
      rendition_realtime_factor: n('session seconds rendered per second of rendition', '×'),
      start_lag_ms_max: n("slowest track start: ms from the start request to the track's recorded start", 'ms'),
      duration_vs_wall_ms_max: n("largest gap between a file's duration and the wall-clock time it was recorded", 'ms'),
    },
  },
  {
    name: 'kiosk',
    what: 'village kiosk on a 1 Mbps link (bundle, load + join)',
    fields: {
      kiosk_js_raw: n('kiosk page JavaScript, bytes', 'B', { hidden: true }),
      kiosk_js_gzip: n('the same, gzip', 'B'),
      kiosk_css_raw: n('kiosk page CSS, bytes', 'B', { hidden: true }),
      kiosk_css_gzip: n('the same, gzip', 'B', { hidden: true }),
      kiosk_with_room_js_raw: n('with the room chunk, bytes', 'B', { hidden: true }),
      kiosk_with_room_js_gzip: n('the same, gzip', 'B', { hidden: true }),
      kiosk_with_room_js_br: n('the same, brotli (as served)', 'B'),
      link: { type: 'object', about: 'the throttled link (CDP network conditions)', hidden: true },
      runs: n('load-and-join runs'),
      lobby_seat_ms_median: n('median ms from navigation to the lobby seat', 'ms'),
      load_join_ms_median: n('median ms from navigation to joined with media (admitted)', 'ms'),
      load_join_ms_max: n('slowest of the same', 'ms'),
      first_frame_ms_median: n('median ms to the first remote frame', 'ms', { nullable: true }),
      budget_ms: n('what joining may take on this link', 'ms'),
      within_budget: { type: 'boolean', about: 'load_join_ms_max under budget_ms' },
    },
  },
  {
    name: 'failover',
    what: "a room's node killed (SIGKILL) or drained (SIGTERM) under a live, recorded 3-person mediation: time until media flows and is recorded again; every recording segment verified",
    fields: {
      nodes: n('node processes (three hosts, and the one the pages come in by)'),
      participants: n('people in the room (real Chromium)'),
      kills: n('SIGKILL rounds'),
      kill_to_media_p50_ms: n('median ms from SIGKILL of the room’s node until every page decodes every other on the new node', 'ms'),
      kill_to_media_p95_ms: n('95th percentile of the same', 'ms'),
      drains: n('SIGTERM (drain) rounds'),
      drain_to_media_p95_ms: n('95th percentile ms from SIGTERM until media flows again', 'ms', { nullable: true }),
      seats_kept: n('seats resumed as the same person, admitted, without a fresh join (over all rounds)'),
      seats_total: n('seats over all rounds'),
      recording_segments: n('participant track segments the recording left over all rounds (each person’s audio and video, one segment per node it was recorded on)'),
      recording_segments_ok: n('of those, segments finalised with a SHA-256 that verifies against the file and that play (ffprobe, full decode); all of them when nothing was lost'),
      recording_back_p95_ms: n('95th percentile ms from the signal until every person’s audio and video are recorded again on the new node', 'ms'),
    },
  },
  {
    name: 'weak-link',
    what: "a villager's shaped uplink (tbf + nft loss in a netns): one JSON line per condition",
    fields: {
      shaped: { type: 'boolean', about: 'false where the machine cannot shape a link (not root, no tbf/nft): nothing measured' },
      conditions: n('conditions measured (each printed as its own JSON line before this one)'),
      worst_concealed_pct: n("the mediator's worst concealment of the villager's audio over the shaped conditions (not the outage)", '%', { nullable: true }),
      audio_only_s_100k10: n('seconds until the villager went audio-only at 100 kbit/s + 10 % loss', 's', { nullable: true }),
      outage_audio_back_s: n('seconds until the villager\'s audio was back after a 20 s outage (full run only)', 's', { nullable: true }),
    },
  },
  {
    name: 'simulcast',
    what: "what each camera layer really sends against its cap (N busy cameras, everyone receiving everyone)",
    fields: {
      senders: n('cameras in the room'),
      seconds: n('seconds sampled (once a second, every sender)'),
      r0_cap_kbps: n("the lowest layer's maxBitrate (local-media.ts)", 'kbps', { nullable: true }),
      r0_sent_max_kbps: n("the highest one-second rate of the lowest layer's bytesSent at a sender (Chrome's outbound-rtp: padding included)", 'kbps', { nullable: true }),
      r0_target_max_kbps: n("the highest targetBitrate Chrome's encoder had for the lowest layer", 'kbps', { nullable: true }),
      r0_caps_kept: { type: 'boolean', about: "every sample's RTCRtpSender still had the lowest layer's maxBitrate (no setParameters lost it)" },
      r0_sfu_max_kbps: n("the highest bitrate of the lowest layer's media at the SFU (the producer's per-rid stats)", 'kbps', { nullable: true }),
      rtx_max_kbps: n("the highest RTX bitrate the SFU received on one sender's transport (padding and retransmissions)", 'kbps', { nullable: true }),
      retransmitted_max_kbps: n("the highest one-second rate of the lowest layer's retransmittedBytesSent (what of the RTX was asked for)", 'kbps', { nullable: true }),
      r0_over_cap_seconds: n('sender-seconds in which the lowest layer sent more than 1.5× its cap'),
      r0_over_cap_top_off_seconds: n('of those, the seconds in which the top layer sent nothing (suspended for bandwidth)'),
      r0_excess_rtx_ratio: n("in those seconds, the RTX the SFU received over r0's bytesSent beyond the r0 media the SFU received (≈ 1: the excess is RTX)", '×', { nullable: true }),
    },
  },
  {
    name: 'signalling',
    what: 'socket.io clients without media in rooms of 8 across three nodes: join and request acks',
    fields: {
      nodes: n('node processes (one Redis, one PostgreSQL)'),
      sockets: n('sockets seated'),
      room_size: n('seats per room'),
      join_rate_per_s: n('joins started per second (a steady ramp, room after room)', '/s'),
      join_ack_p50_ms: n('median ms from `join` to its ack, a move to the room’s node included', 'ms'),
      join_ack_p95_ms: n('95th percentile of the same', 'ms'),
      join_ack_p99_ms: n('99th percentile of the same', 'ms'),
      request_every_s: n('seconds between one socket’s cheap requests', 's', { hidden: true }),
      request_ack_p95_ms: n('95th percentile ms of a cheap request’s ack (setRenderedSize)', 'ms'),
      node_cpu_pct: { type: 'numbers', unit: '%', about: 'CPU of each node process over the join ramp, % of one core' },
      node_cpu_steady_pct: { type: 'numbers', unit: '%', about: 'the same once every socket is seated', hidden: true },
      bench_cpu_pct: n('CPU of the bench’s own clients over the join ramp, % of one core', '%'),
      moved: n('joins told ROOM_ELSEWHERE that followed the room to its node'),
      errors: n('joins or requests that failed, and sockets dropped'),
      load1: n('1-minute load average as the ramp starts (other work on the same cores)'),
    },
  },
];
