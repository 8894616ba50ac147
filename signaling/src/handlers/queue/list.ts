import { getDuty } from '../../domain/duty';
import { AppError } from '../../errors';
import type { QueueHandler } from './context';
import { domainCtx } from './context';

/** A lawyer reads the queue (whether on duty or not) and their duty state. */
export const queueList: QueueHandler<'queue:list'> = async (ctx) => {
  if (ctx.side.side !== 'lawyer') throw new AppError(403, 'FORBIDDEN', 'the queue list is for lawyers');
  const { onDuty } = await getDuty(domainCtx(ctx));
  return { onDuty, entries: await ctx.view.entries(ctx.side.principal.countyId) };
};
