import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Ack } from './ack';
import { Role } from './peers';

/**
 * The consultation queue (远程法律咨询): socket.io namespace `/queue`, authenticated
 * with an API credential in the handshake (`auth: { token }`): a county lawyer's
 * access token, or a talk room's (its device credential, or its village operator's
 * access token). docs/protocol.md, "Consultation queue", has the prose.
 */
export const QUEUE_NAMESPACE = '/queue';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });
const IsoTime = Type.String({ minLength: 10, maxLength: 40 });
const Topic = Type.Union(['LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'CONTRACT_DEBT', 'LABOUR_WAGES', 'PERSONAL_INJURY', 'OTHER'].map((t) => Type.Literal(t)));

/** A live-room join token for a consultation session (present it to `join` on the default namespace). */
export const ConsultJoin = Type.Object({
  sessionId: Uuid,
  roomId: Type.String(),
  token: Type.String(),
  peerId: Type.String(),
  role: Role,
  expiresAt: IsoTime,
});
export type ConsultJoin = Static<typeof ConsultJoin>;

/** One waiting request, as on-duty lawyers see it (oldest first; position 1 is next). */
export const QueueEntry = Type.Object({
  consultationId: Uuid,
  position: Type.Integer({ minimum: 1 }),
  talkRoomId: Uuid,
  talkRoomName: Type.String(),
  villageId: Type.Union([Uuid, Type.Null()]),
  topic: Topic,
  question: Type.String(),
  requestedAt: IsoTime,
  /** When it becomes a call-back unless someone accepts it. */
  timesOutAt: IsoTime,
});
export type QueueEntry = Static<typeof QueueEntry>;

/** Client→server requests on `/queue`, each answered by one ack. */
export const queueRequests = {
  /** Lawyer: the queue now (also pushed as `queue:list` on connect and on every change). */
  'queue:list': { request: Type.Object({}, strict), response: Type.Object({ onDuty: Type.Boolean(), entries: Type.Array(QueueEntry) }) },
  /** Lawyer: switch on duty (see the queue live, may accept) or off duty. */
  'duty:set': { request: Type.Object({ onDuty: Type.Boolean() }, strict), response: Type.Object({ onDuty: Type.Boolean() }) },
  /**
   * Lawyer on duty: accept a queued consultation. Exactly one lawyer wins across all
   * nodes; the others get CONSULTATION_TAKEN. The winner's ack carries the session's
   * join token; the talk room is told with `consultation:accepted`.
   */
  'queue:accept': {
    request: Type.Object({ consultationId: Uuid }, strict),
    response: Type.Object({ consultationId: Uuid, join: ConsultJoin }),
  },
  /** Talk room: give up a request still waiting (ABANDONED). */
  'queue:abandon': { request: Type.Object({ consultationId: Uuid }, strict), response: Type.Object({ consultationId: Uuid }) },
} satisfies Record<string, { request: TSchema; response: TSchema }>;

/** Server→client events on `/queue`. */
export const queueNotifications = {
  /** To on-duty lawyers of the county: the whole queue, after any change. */
  'queue:list': Type.Object({ entries: Type.Array(QueueEntry) }),
  /** To on-duty lawyers: a consultation was accepted (by `lawyerId`) and left the queue. */
  'queue:taken': Type.Object({ consultationId: Uuid, lawyerId: Uuid }),
  /** To the talk room: where each of its waiting requests stands now. */
  'queue:position': Type.Object({
    consultationId: Uuid,
    position: Type.Integer({ minimum: 1 }),
    queueLength: Type.Integer({ minimum: 1 }),
    /** The estimate of docs/api.md ("Estimated wait"), in seconds. */
    estimatedWaitS: Type.Integer({ minimum: 0 }),
  }),
  /** To the talk room: a lawyer accepted (or started a call-back); join the live room with this token now. */
  'consultation:accepted': Type.Object({ consultationId: Uuid, lawyerName: Type.String(), join: ConsultJoin }),
  /** To the talk room: nobody could take the request live; a lawyer will call back at `callbackAt`. */
  'consultation:callback': Type.Object({
    consultationId: Uuid,
    callbackAt: IsoTime,
    reason: Type.Union([Type.Literal('NO_LAWYER_ON_DUTY'), Type.Literal('QUEUE_TIMEOUT'), Type.Literal('LAWYER_SCHEDULED')]),
  }),
  /** To the talk room: the request left the queue another way (abandoned from another screen). */
  'consultation:closed': Type.Object({ consultationId: Uuid, status: Type.String() }),
} satisfies Record<string, TSchema>;

export type QueueRequests = typeof queueRequests;
export type QueueRequestName = keyof QueueRequests;
export type QueueRequestPayload<N extends QueueRequestName> = Static<QueueRequests[N]['request']>;
export type QueueResponseData<N extends QueueRequestName> = Static<QueueRequests[N]['response']>;
export const queueRequestNames = Object.keys(queueRequests) as QueueRequestName[];
export type QueueNotificationName = keyof typeof queueNotifications;
export type QueueNotificationPayload<N extends QueueNotificationName> = Static<(typeof queueNotifications)[N]>;

export type QueueClientToServerEvents = {
  [N in QueueRequestName]: (payload: QueueRequestPayload<N>, ack: (res: Ack<QueueResponseData<N>>) => void) => void;
};
export type QueueServerToClientEvents = {
  [N in QueueNotificationName]: (payload: QueueNotificationPayload<N>) => void;
};
