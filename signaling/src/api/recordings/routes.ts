import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { audit } from '../../domain/audit';
import type { ApiDeps } from '../../domain/context';
import { notFoundError } from '../../domain/errors';
import { allow, ctxOf } from '../../plugins/authenticate';
import { RecordingErrors } from '../../recording/errors';
import type { RecordingService } from '../../recording/service';
import { Errors, IdParams } from '../schemas';
import { authorizeEvidence, loadRecording } from './access';
import { signPlayGrant } from './play-grant';
import { PlayAddressView } from '@shuoshi/protocol';
import type { StaffPrincipal } from '../../auth/principal';
import { RecordingView, RenditionView, VerificationView, recordingView, renditionView, trackSegments, verificationView } from './view';

export interface RecordingRouteOptions {
  deps: ApiDeps;
  recordings: RecordingService;
}

const E = Type.Ref('ErrorBody');

/** A case's recordings, one recording, hash verification, the session rendition, and agreement clips. */
export async function recordingRoutes(app: FastifyInstance, { deps, recordings }: RecordingRouteOptions): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];
  const anyone = allow('staff', 'device', 'party');

  r.get('/cases/:id/recordings', {
    onRequest: anyone,
    schema: { tags: ['recordings'], summary: "A case's recordings: participant tracks, session renditions and clips (audited)", security, params: IdParams, response: { 200: Type.Object({ items: Type.Array(RecordingView) }), ...Errors } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    await authorizeEvidence(ctx, { caseId: req.params.id, sessionId: null }, 'list', { type: 'Case', id: req.params.id });
    const rows = await deps.prisma.recording.findMany({ where: { session: { caseId: req.params.id } }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] });
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'recording.list', entityType: 'Case', entityId: req.params.id, caseId: req.params.id, details: { count: rows.length } });
    const segments = trackSegments(rows);
    return { items: rows.map((row) => recordingView(row, segments.get(row.id))) };
  });

  r.get('/recordings/:id', {
    onRequest: anyone,
    schema: { tags: ['recordings'], summary: 'One recording: who, what, when, size and SHA-256', security, params: IdParams, response: { 200: RecordingView, ...Errors } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const { row, scope } = await loadRecording(ctx, req.params.id);
    await authorizeEvidence(ctx, scope, 'read', { type: 'Recording', id: row.id });
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'recording.read', entityType: 'Recording', entityId: row.id, caseId: scope.caseId });
    const track = await deps.prisma.recording.findMany({ where: { sessionId: row.sessionId, participantLabel: row.participantLabel, kind: row.kind } });
    return recordingView(row, trackSegments(track).get(row.id));
  });

  r.post('/recordings/:id/play', {
    onRequest: allow('staff'),
    schema: {
      tags: ['recordings'],
      summary: 'The address a <video>/<audio> element plays the recording from (a grant for 15 minutes; each request is authorised and audited as a play)',
      security,
      params: IdParams,
      response: { 200: PlayAddressView, ...Errors },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const { row, scope } = await loadRecording(ctx, req.params.id);
    await authorizeEvidence(ctx, scope, 'play', { type: 'Recording', id: row.id });
    if (!row.sha256) throw RecordingErrors.notFinalised(row.id);
    const grant = signPlayGrant(deps.authSecret, row.id, ctx.actor as StaffPrincipal, deps.now().getTime());
    return { url: `/api/recordings/${encodeURIComponent(row.id)}/media?access=${grant.access}`, expiresAt: grant.expiresAt.toISOString() };
  });

  r.post('/recordings/:id/verify', {
    onRequest: anyone,
    schema: { tags: ['recordings'], summary: "Recompute the file's SHA-256 and compare it with the one stored when it was finalised (audited)", security, params: IdParams, response: { 200: VerificationView, ...Errors } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const { row, scope } = await loadRecording(ctx, req.params.id);
    await authorizeEvidence(ctx, scope, 'verify', { type: 'Recording', id: row.id });
    const v = await recordings.verify(row.id);
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'recording.verify', entityType: 'Recording', entityId: row.id, caseId: scope.caseId, details: { ok: v.ok, missing: v.missing, actualSha256: v.actualSha256 } });
    return verificationView(v);
  });

  const sessionScope = async (id: string) => {
    const s = await deps.prisma.session.findUnique({ where: { id }, select: { id: true, caseId: true, endedAt: true } });
    if (!s) throw notFoundError('session');
    return s;
  };
  const storedRendition = (sessionId: string) => deps.prisma.recording.findFirst({ where: { sessionId, kind: 'RENDITION' }, orderBy: { startedAt: 'desc' } });

  r.get('/sessions/:id/rendition', {
    onRequest: anyone,
    schema: { tags: ['recordings'], summary: "The session rendition's state and progress (0–1)", security, params: IdParams, response: { 200: RenditionView, ...Errors } },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    const s = await sessionScope(req.params.id);
    await authorizeEvidence(ctx, { caseId: s.caseId, sessionId: s.id }, 'read', { type: 'Session', id: s.id });
    const stored = await storedRendition(s.id);
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'recording.rendition.read', entityType: 'Session', entityId: s.id, caseId: s.caseId, details: { recordingId: stored?.id ?? null } });
    return renditionView(s.id, await recordings.renditions.statusAnywhere(s.id), stored);
  });

  r.post('/sessions/:id/rendition', {
    onRequest: anyone,
    schema: { tags: ['recordings'], summary: 'Queue (again) the one-file rendition of a recorded session; originals are kept', security, params: IdParams, response: { 202: RenditionView, ...Errors } },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    const s = await sessionScope(req.params.id);
    await authorizeEvidence(ctx, { caseId: s.caseId, sessionId: s.id }, 'render', { type: 'Session', id: s.id });
    if (recordings.recorder(s.id)?.active().length) throw RecordingErrors.sessionNotOver(s.id);
    if ((await recordings.store.finishedTracks(s.id)).length === 0) throw RecordingErrors.nothingToRender(s.id);
    const status = await recordings.renditions.request(s.id);
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'recording.render', entityType: 'Session', entityId: s.id, caseId: s.caseId });
    return reply.status(202).send(renditionView(s.id, status, null));
  });

  r.post('/outcomes/:id/clip', {
    onRequest: anyone,
    schema: {
      tags: ['recordings'],
      summary: 'Back a verbal agreement (口头协议) with a clip of the session recording, cut without transcoding and hashed',
      security,
      params: IdParams,
      body: Type.Object(
        {
          fromMs: Type.Integer({ minimum: 0, description: 'start mark, ms from the start of the recording (the rendition timeline)' }),
          toMs: Type.Integer({ minimum: 1, description: 'end mark' }),
        },
        { additionalProperties: false },
      ),
      response: { 201: RecordingView, ...Errors, 500: E },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    const outcome = await deps.prisma.outcome.findUnique({ where: { id: req.params.id }, select: { id: true, caseId: true, sessionId: true, type: true } });
    if (!outcome) throw notFoundError('outcome');
    await authorizeEvidence(ctx, { caseId: outcome.caseId, sessionId: outcome.sessionId }, 'clip', { type: 'Outcome', id: outcome.id });
    if (outcome.type !== 'VERBAL_AGREEMENT') throw RecordingErrors.notVerbalAgreement();
    if (!outcome.sessionId) throw RecordingErrors.noSession();
    const clip = await recordings.cutClip({ sessionId: outcome.sessionId, fromMs: req.body.fromMs, toMs: req.body.toMs, outcomeId: outcome.id });
    await audit(deps.prisma, ctx.actor, ctx.ip, {
      action: 'recording.clip',
      entityType: 'Recording',
      entityId: clip.id,
      caseId: outcome.caseId,
      details: { outcomeId: outcome.id, fromMs: clip.clipFromMs, toMs: clip.clipToMs, sha256: clip.sha256 },
    });
    return reply.status(201).send(recordingView(clip));
  });
}
