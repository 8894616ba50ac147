import type { Handler } from './context';

/** Any admitted seat: what the session is about (`CaseBrief`: nothing private); every read is audited. */
export const roomBrief: Handler<'room:brief'> = async (ctx) => {
  const { room, peer } = ctx.session.seat();
  const brief = (await ctx.deps.briefs?.brief(room.id)) ?? null;
  void ctx.deps.audit?.({ roomId: room.id, actor: { peerId: peer.id, role: peer.role }, action: 'case.brief.read', details: { found: brief !== null } });
  return { brief };
};
