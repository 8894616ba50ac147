import type { QueueEntry } from '@shuoshi/protocol';
import type { ApiDeps } from '../domain/context';
import { queuedInCounty, waitEstimator } from '../domain/queue';

/** The queue as the sockets see it, read from the database each time (it is the truth). */
export class QueueView {
  constructor(private readonly deps: ApiDeps) {}

  async entries(countyId: string): Promise<QueueEntry[]> {
    const timeoutMs = this.deps.consultation.queueTimeoutS * 1000;
    const rows = await queuedInCounty(this.deps, countyId);
    return rows.map((q, i) => ({
      consultationId: q.id,
      position: i + 1,
      talkRoomId: q.talkRoomId,
      talkRoomName: q.talkRoom.name,
      villageId: q.talkRoom.villageId,
      topic: q.topic,
      question: q.question,
      requestedAt: q.requestedAt.toISOString(),
      timesOutAt: new Date(q.requestedAt.getTime() + timeoutMs).toISOString(),
    }));
  }

  /** Each waiting request's position, queue length and estimated wait. */
  async standings(countyId: string, entries?: QueueEntry[]) {
    const list = entries ?? (await this.entries(countyId));
    const estimate = await waitEstimator(this.deps, countyId);
    return list.map((e) => ({ talkRoomId: e.talkRoomId, consultationId: e.consultationId, position: e.position, queueLength: list.length, estimatedWaitS: estimate(e.position) }));
  }
}
