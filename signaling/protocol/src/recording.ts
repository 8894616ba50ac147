import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PeerId } from './peers';

const strict = { additionalProperties: false } as const;
const Empty = Type.Object({}, strict);

/**
 * Recording a live session with everyone's consent (录音录像须经各方同意).
 * `idle`: never started; `awaiting-consent`: the host asked, someone present has not
 * answered; `recording`: everyone present who agreed is recorded; `stopped`: the host
 * stopped, or someone declined or withdrew (the host may ask again).
 */
export const RecordingPhase = Type.Union([Type.Literal('idle'), Type.Literal('awaiting-consent'), Type.Literal('recording'), Type.Literal('stopped')]);
export type RecordingPhase = Static<typeof RecordingPhase>;

export const ConsentAnswer = Type.Union([Type.Literal('agree'), Type.Literal('decline')]);
export type ConsentAnswer = Static<typeof ConsentAnswer>;

/** The room's recording state, as broadcast in `recordingState`. */
export const RecordingStateInfo = Type.Object({
  state: RecordingPhase,
  /** Present participants who have not answered yet (their media is not recorded). */
  pending: Type.Array(PeerId),
  /** Who declined or withdrew (ended the last round). */
  declined: Type.Array(PeerId),
  /** Present participants who agreed in this round. */
  agreed: Type.Array(PeerId),
  /** Whether caucus groups are recorded (the host's policy; default false: a caucus is confidential). */
  recordCaucus: Type.Boolean(),
});
export type RecordingStateInfo = Static<typeof RecordingStateInfo>;

/** Requests of recording and consent (merged into `requests`). */
export const recordingRequests = {
  /** Host only: ask everyone present for consent; recording starts once all have agreed. */
  'recording:start': { request: Empty, response: RecordingStateInfo },
  /** Host only: stop recording (every file is finalised). */
  'recording:stop': { request: Empty, response: RecordingStateInfo },
  /** Host only, while not recording or asking: whether caucus groups are recorded. */
  'recording:policy': { request: Type.Object({ recordCaucus: Type.Boolean() }, strict), response: RecordingStateInfo },
  /**
   * Answer the consent request. A talk-room operator may answer for a villager
   * (a `party`) of their talk room's village with `onBehalfOf`.
   */
  'consent:give': {
    request: Type.Object({ decision: ConsentAnswer, onBehalfOf: Type.Optional(PeerId) }, strict),
    response: RecordingStateInfo,
  },
  /**
   * The villagers present (parties) this seat may answer for with `onBehalfOf`: for a
   * talk-room operator, the parties of its talk room's village (the people at that kiosk);
   * for anyone else, none. The kiosk's grid-worker panel lists exactly these.
   */
  'consent:proxies': { request: Empty, response: Type.Object({ peerIds: Type.Array(PeerId) }) },
  /** Withdraw one's consent: the recording of everyone stops. */
  'consent:withdraw': { request: Empty, response: RecordingStateInfo },
} satisfies Record<string, { request: TSchema; response: TSchema }>;

/** Notifications of recording and consent (merged into `notifications`). */
export const recordingNotifications = {
  /** The recording state changed (or this seat was just taken or resumed). */
  recordingState: RecordingStateInfo,
  /** You are asked whether you agree to be recorded (answer with `consent:give`). */
  consentRequested: Type.Object({ requestedBy: Type.Union([PeerId, Type.Null()]), recordCaucus: Type.Boolean() }),
} satisfies Record<string, TSchema>;
