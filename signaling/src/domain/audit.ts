import type { Prisma, PrismaClient } from '@shuoshi/db';
import { auditActorType, type Principal } from '../auth/principal';
import { ANONYMOUS_AUDIT_ROWS, ANONYMOUS_AUDIT_WINDOW_MS, type ApiDeps } from './context';

/** One accountability record: who (actor), did what (action), to what (entity), from where (ip). */
export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  caseId?: string | null;
  details?: Prisma.InputJsonValue;
}

type Writer = Pick<PrismaClient, 'auditLog'> | Prisma.TransactionClient;

export async function audit(db: Writer, actor: Principal | null, ip: string | undefined, e: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorType: actor ? auditActorType(actor) : 'SYSTEM',
      actorId: actor?.id ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      caseId: e.caseId ?? null,
      ip: ip ?? null,
      ...(e.details === undefined ? {} : { details: e.details }),
    },
  });
}

/**
 * The audit row of a failure by a caller who proved nothing (a wrong password, a wrong
 * invite code, a refused document grant): at most `limits.anonymousAudit` rows per
 * address and window (30 per 15 minutes), then one `audit.suppressed` row saying so,
 * then nothing until the window ends, so a flood from one address cannot grow
 * audit_logs without bound. The limits themselves still count every try.
 */
export async function auditAnonymous(
  deps: Pick<ApiDeps, 'prisma' | 'limits'>,
  ip: string | undefined,
  e: AuditEntry,
  /** Who the failed credential claimed to be (e.g. a live-room grant's peer); default the system. */
  claimed: { actorType: 'STAFF' | 'DEVICE' | 'PARTY' | 'SYSTEM'; actorId: string | null } = { actorType: 'SYSTEM', actorId: null },
): Promise<void> {
  const { count } = await deps.limits.anonymousAudit.take(`audit|${ip ?? '?'}`);
  if (count > ANONYMOUS_AUDIT_ROWS + 1) return;
  const row =
    count <= ANONYMOUS_AUDIT_ROWS
      ? e
      : {
          action: 'audit.suppressed',
          entityType: e.entityType,
          details: { reason: 'too many unauthenticated failures from this address', firstSuppressed: e.action, keptRows: ANONYMOUS_AUDIT_ROWS, windowS: ANONYMOUS_AUDIT_WINDOW_MS / 1000 },
        };
  await deps.prisma.auditLog.create({
    data: {
      ...(count <= ANONYMOUS_AUDIT_ROWS ? claimed : { actorType: 'SYSTEM', actorId: null }),
      action: row.action,
      entityType: row.entityType,
      entityId: count <= ANONYMOUS_AUDIT_ROWS ? (e.entityId ?? null) : null,
      caseId: count <= ANONYMOUS_AUDIT_ROWS ? (e.caseId ?? null) : null,
      ip: ip ?? null,
      ...(row.details === undefined ? {} : { details: row.details }),
    },
  });
}

export interface AuditQuery {
  caseId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

/** The audit log, newest first (county administrators; policy checked by the caller). */
export async function listAudit(prisma: PrismaClient, q: AuditQuery) {
  const where: Prisma.AuditLogWhereInput = {
    ...(q.caseId ? { caseId: q.caseId } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.entityType ? { entityType: q.entityType } : {}),
    ...(q.entityId ? { entityId: q.entityId } : {}),
    ...(q.from || q.to ? { at: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
  };
  const [items, total] = await Promise.all([
    prisma.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    prisma.auditLog.count({ where }),
  ]);
  return { items, total };
}
