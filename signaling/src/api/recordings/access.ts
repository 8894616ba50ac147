import type { Recording } from '@shuoshi/db';
import type { Principal } from '../../auth/principal';
import { audit } from '../../domain/audit';
import { loadCase } from '../../domain/case-facts';
import type { Ctx } from '../../domain/context';
import { DenyCode, denied } from '../../domain/errors';
import { canReadCase, canReadSession, canWorkOnCase, type Decision } from '../../domain/policy';
import { loadSession } from '../../domain/sessions';
import { RecordingErrors } from '../../recording/errors';

/**
 * Who may see or handle evidence. Recordings are confidential: staff who may read
 * the case (for a consultation, the session); never a party or a talk-room device.
 * Every refusal is audited before the 403 goes out, with what was attempted.
 */
export type EvidenceAction = 'list' | 'read' | 'play' | 'download' | 'verify' | 'render' | 'clip' | 'agreement';

/** A mediation's evidence belongs to its case; a consultation's to its session. */
export interface EvidenceScope {
  caseId: string | null;
  sessionId: string | null;
}

export async function authorizeEvidence(ctx: Ctx, scope: EvidenceScope, action: EvidenceAction, entity: { type: string; id: string }): Promise<void> {
  const decision = await decide(ctx, scope, action);
  if (decision.allow) return;
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, {
    action: 'evidence.access_denied',
    entityType: entity.type,
    entityId: entity.id,
    caseId: scope.caseId,
    details: { attempted: action, code: decision.code },
  });
  throw denied(decision.code, decision.message);
}

async function decide(ctx: Ctx, scope: EvidenceScope, action: EvidenceAction): Promise<Decision> {
  const p: Principal = ctx.actor;
  if (p.kind !== 'staff') return { allow: false, code: DenyCode.RoleNotAllowed, message: `a ${p.kind} cannot access recordings` };
  const changes = action === 'render' || action === 'clip';
  if (scope.caseId) {
    const { facts } = await loadCase(ctx.deps.prisma, scope.caseId);
    return changes ? canWorkOnCase(p, facts) : canReadCase(p, facts);
  }
  if (!scope.sessionId) return { allow: false, code: DenyCode.NotInvited, message: 'no case or session to check' };
  const { facts } = await loadSession(ctx.deps.prisma, scope.sessionId);
  if (changes && facts.hostId !== p.id) return { allow: false, code: DenyCode.NotInvited, message: 'only the host handles a consultation recording' };
  return canReadSession(p, facts);
}

/** A recording with the case it belongs to; 404 RECORDING_NOT_FOUND. */
export async function loadRecording(ctx: Ctx, id: string): Promise<{ row: Recording; scope: EvidenceScope }> {
  const row = await ctx.deps.prisma.recording.findUnique({ where: { id }, include: { session: { select: { caseId: true } } } });
  if (!row) throw RecordingErrors.notFound(id);
  const { session, ...rest } = row;
  return { row: rest, scope: { caseId: session.caseId, sessionId: row.sessionId } };
}

/**
 * A media player asks for many byte ranges per viewing: one audit row per viewer,
 * recording and kind of access within `windowMs` (downloads are always audited).
 */
export class PlaybackAuditWindow {
  private readonly seen = new Map<string, number>();
  constructor(private readonly windowMs = 10 * 60_000) {}

  /** True when this access should be written to the audit log now. */
  shouldAudit(actorId: string, recordingId: string, kind: 'play' | 'download', now = Date.now()): boolean {
    if (kind === 'download') return true;
    const key = `${actorId}:${recordingId}`;
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.windowMs) return false;
    this.seen.set(key, now);
    if (this.seen.size > 10_000) for (const [k, t] of this.seen) if (now - t >= this.windowMs) this.seen.delete(k);
    return true;
  }
}
