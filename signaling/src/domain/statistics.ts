import { consultationStatistics, countyStatistics, type DisputeCategory } from '@shuoshi/db';
import type { Ctx } from './context';
import { BadInputCode, DenyCode, badInput, denied } from './errors';
import { canReadStatistics, enforce } from './policy';
import { periodBounds } from './period';

/** County statistics (SQL in @shuoshi/db): the administrator for the county, a mediator for their township. */
export interface StatisticsQuery {
  townshipId?: string | undefined;
  villageId?: string | undefined;
  category?: DisputeCategory | undefined;
  /** YYYY-MM-DD, inclusive, China time */
  from?: string | undefined;
  to?: string | undefined;
}

export async function statistics(ctx: Ctx, q: StatisticsQuery) {
  const { countyId, townshipId, villageTownshipId } = await readableScope(ctx, q);
  if (q.townshipId && villageTownshipId !== undefined && q.townshipId !== villageTownshipId) throw badInput(BadInputCode.UnknownVillage, 'that village is not in that township');
  const { from, to } = periodBounds(q.from, q.to);
  const filter = { countyId, townshipId, villageId: q.villageId, category: q.category, from, to };
  const stats = await ctx.deps.statistics.get(JSON.stringify(filter), () => countyStatistics(ctx.deps, { ...filter, now: ctx.deps.now() }));
  return { filters: { townshipId: townshipId ?? null, villageId: q.villageId ?? null, category: q.category ?? null, from: q.from ?? null, to: q.to ?? null }, ...stats };
}

/** Consultation figures (SQL in @shuoshi/db consultationStatistics), with the same access rule and period. */
export async function consultationStats(ctx: Ctx, q: { townshipId?: string | undefined; villageId?: string | undefined; topic?: DisputeCategory | undefined; from?: string | undefined; to?: string | undefined }) {
  const { countyId, townshipId } = await readableScope(ctx, q);
  const { from, to } = periodBounds(q.from, q.to);
  const stats = await consultationStatistics(ctx.deps, { countyId, townshipId, villageId: q.villageId, topic: q.topic, from, to });
  return { filters: { townshipId: townshipId ?? null, villageId: q.villageId ?? null, topic: q.topic ?? null, from: q.from ?? null, to: q.to ?? null }, ...stats };
}

/**
 * The access rule both kinds of figures share: staff only, a named township or village
 * must exist and be readable by the actor. Returns the county, the township the figures
 * are narrowed to (a mediator's own when none is named) and the named village's township.
 */
async function readableScope(ctx: Ctx, q: { townshipId?: string | undefined; villageId?: string | undefined }) {
  const a = ctx.actor;
  enforce(canReadStatistics(a, {}));
  if (a.kind !== 'staff') throw denied(DenyCode.RoleNotAllowed, 'staff only');
  const prisma = ctx.deps.prisma;
  if (q.townshipId) {
    const t = await prisma.township.findUnique({ where: { id: q.townshipId }, select: { countyId: true } });
    if (!t) throw badInput(BadInputCode.UnknownTownship, 'no such township');
    enforce(canReadStatistics(a, { townshipId: q.townshipId, countyId: t.countyId }));
  }
  let villageTownshipId: string | undefined;
  if (q.villageId) {
    const v = await prisma.village.findUnique({ where: { id: q.villageId }, select: { townshipId: true, township: { select: { countyId: true } } } });
    if (!v) throw badInput(BadInputCode.UnknownVillage, 'no such village');
    // a named township was already checked above, so the village's own township is what remains to check
    enforce(canReadStatistics(a, { villageTownshipId: v.townshipId, countyId: v.township.countyId }));
    villageTownshipId = v.townshipId;
  }
  const townshipId = q.townshipId ?? (a.role === 'TOWNSHIP_MEDIATOR' ? a.townshipId! : undefined);
  return { countyId: a.countyId, townshipId, villageTownshipId };
}
