import { abandonConsultation } from '../../domain/queue';
import type { QueueHandler } from './context';
import { domainCtx } from './context';

/** The talk room gives up a waiting request. */
export const queueAbandon: QueueHandler<'queue:abandon'> = async (ctx, { consultationId }) => {
  await abandonConsultation(domainCtx(ctx), consultationId);
  return { consultationId };
};
