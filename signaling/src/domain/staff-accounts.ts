import { audit } from './audit';
import type { Ctx } from './context';
import { ConflictCode, conflictError, notFoundError } from './errors';
import { canManageStaff, enforce } from './policy';

/**
 * Disabling and re-enabling a staff account (a county administrator, own county).
 * Disabling takes effect at once: sign-in and refresh are refused (staff-sign-in.ts),
 * every sign-in's refresh tokens are revoked, access tokens stop working on the next
 * request (auth/standing.ts), and the person's open sockets close on every node.
 * Idempotent: disabling a disabled account changes nothing but closes sockets again.
 */
export async function setStaffActive(ctx: Ctx, staffId: string, active: boolean) {
  const { prisma, now } = ctx.deps;
  const target = await prisma.staffAccount.findUnique({ where: { id: staffId } });
  if (!target) throw notFoundError('staff account');
  enforce(canManageStaff(ctx.actor, target));
  if (!active && staffId === ctx.actor.id) throw conflictError(ConflictCode.OwnAccount, 'you cannot disable your own account');
  const updated =
    target.active === active
      ? target
      : await prisma.$transaction(async (tx) => {
          const row = await tx.staffAccount.update({ where: { id: staffId }, data: { active } });
          if (!active) await tx.refreshToken.updateMany({ where: { staffId, revokedAt: null }, data: { revokedAt: now() } });
          await audit(tx, ctx.actor, ctx.ip, { action: active ? 'staff.enable' : 'staff.disable', entityType: 'StaffAccount', entityId: staffId });
          return row;
        });
  if (!active) ctx.deps.accessRevoked({ kind: 'staff', id: staffId });
  return updated;
}
