import { acceptConsultation } from '../../domain/queue';
import type { QueueHandler } from './context';
import { domainCtx } from './context';

/** An on-duty lawyer accepts: exactly one wins (domain/queue.ts); the ack carries the join token. */
export const queueAccept: QueueHandler<'queue:accept'> = async (ctx, { consultationId }) => {
  const r = await acceptConsultation(domainCtx(ctx), consultationId);
  ctx.log.info({ consultationId, sessionId: r.join.sessionId }, 'consultation accepted');
  return { consultationId, join: { ...r.join, expiresAt: r.join.expiresAt.toISOString() } };
};
