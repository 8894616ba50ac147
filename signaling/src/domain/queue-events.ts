/**
 * What the consultation services announce after they changed the queue (after
 * commit; the database stays the truth). The domain announces to its own
 * QueueAnnouncer (in ApiDeps); the socket hub (queue/hub.ts) listens to it and fans
 * each out over socket.io, which with Redis reaches every node. Calls never throw and
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

/** Whoever shows the queue live (the socket hub): hears every announcement, and knows who has it open. */
export interface QueueListener extends QueueEvents {
  /** The lawyers of the county with a `/queue` socket open on any node. */
  connectedLawyers(countyId: string): Promise<Set<string>>;
}

/**
 * The domain's side of the live queue: services announce here, and the socket hub
 * listens (`listen`). The flow goes one way: the domain never names the hub, and
 * nobody patches the services' dependencies after building them. With no listener
 * (REST-only tests, scripts) announcements go nowhere and presence is not known.
 */
export class QueueAnnouncer implements QueueEvents {
  private listener: QueueListener | undefined;

  /** Starts forwarding to `l`; returns the call that stops it. */
  listen(l: QueueListener): () => void {
    this.listener = l;
    return () => {
      if (this.listener === l) this.listener = undefined;
    };
  }

  changed(countyId: string): void {
    this.listener?.changed(countyId);
  }
  taken(c: ConsultationRef, lawyerId: string): void {
    this.listener?.taken(c, lawyerId);
  }
  sessionReady(c: ConsultationRef, sessionId: string, lawyerName: string): void {
    this.listener?.sessionReady(c, sessionId, lawyerName);
  }
  callback(c: ConsultationRef, callbackAt: Date, reason: 'NO_LAWYER_ON_DUTY' | 'QUEUE_TIMEOUT' | 'LAWYER_SCHEDULED'): void {
    this.listener?.callback(c, callbackAt, reason);
  }
  closed(c: ConsultationRef, status: string): void {
    this.listener?.closed(c, status);
  }
  dutyChanged(staffId: string, countyId: string, onDuty: boolean): void {
    this.listener?.dutyChanged(staffId, countyId, onDuty);
  }

  /** Presence (null: not known, nobody listens). */
  connectedLawyers(countyId: string): Promise<Set<string> | null> {
    return this.listener ? this.listener.connectedLawyers(countyId) : Promise.resolve(null);
  }
}
