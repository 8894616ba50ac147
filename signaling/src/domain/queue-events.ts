/**
 * What the consultation services announce after they changed the queue (after
 * commit; the database stays the truth). The socket hub (queue/hub.ts) fans each
 * out over socket.io, which with Redis reaches every node. Calls never throw and
 * never wait: a lost announcement is repaired by the next one (each carries the
 * whole state it concerns).
 */
export interface ConsultationRef {
  id: string;
  countyId: string;
  talkRoomId: string;
}

export interface QueueEvents {
  /** The county's live queue changed (a request came, left, or timed out). */
  changed(countyId: string): void;
  /** A lawyer accepted `c` from the queue. */
  taken(c: ConsultationRef, lawyerId: string): void;
  /** A consultation session is ready: give the talk room its join tokens now. */
  sessionReady(c: ConsultationRef, sessionId: string, lawyerName: string): void;
  /** `c` became (or was scheduled as) a call-back at `callbackAt`. */
  callback(c: ConsultationRef, callbackAt: Date, reason: 'NO_LAWYER_ON_DUTY' | 'QUEUE_TIMEOUT' | 'LAWYER_SCHEDULED'): void;
  /** `c` left the queue as ABANDONED. */
  closed(c: ConsultationRef, status: string): void;
  /** A lawyer switched on or off duty. */
  dutyChanged(staffId: string, countyId: string, onDuty: boolean): void;
}

export const silentQueueEvents: QueueEvents = {
  changed: () => {},
  taken: () => {},
  sessionReady: () => {},
  callback: () => {},
  closed: () => {},
  dutyChanged: () => {},
};
