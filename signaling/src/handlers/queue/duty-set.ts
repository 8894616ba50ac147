import { setDuty } from '../../domain/duty';
import type { QueueHandler } from './context';
import { domainCtx } from './context';

/** A lawyer switches on or off duty (the same as POST /api/duty). */
export const dutySet: QueueHandler<'duty:set'> = async (ctx, { onDuty }) => {
  const d = await setDuty(domainCtx(ctx), onDuty);
  return { onDuty: d.onDuty };
};
