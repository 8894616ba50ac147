import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { audit } from '../../domain/audit';
import type { ApiDeps } from '../../domain/context';
import { allow, ctxOf } from '../../plugins/authenticate';
import { RecordingCode, RecordingErrors } from '../../recording/errors';
import { resolveStored } from '../../recording/paths';
import { Errors, IdParams, StringEnum } from '../schemas';
import { PlaybackAuditWindow, authorizeEvidence, loadRecording } from './access';
import { parseRange } from './range';
import { playGrantAuth } from './play-grant';

export interface MediaRouteOptions {
  deps: ApiDeps;
  recordingsDir: string;
  auditWindow?: PlaybackAuditWindow;
}

const E = Type.Ref('ErrorBody');

/**
 * GET /api/recordings/:id/media: the file, streamed with HTTP Range (206 +
 * Content-Range; 416 for a range past the end) to staff who may read the case;
 * `?download=1` saves it. Plays and downloads are audited; refusals too. A <video> or
 * <audio> element plays it with `?access=` (play-grant.ts) instead of the header.
 */
export async function recordingMediaRoute(app: FastifyInstance, o: MediaRouteOptions): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const window = o.auditWindow ?? new PlaybackAuditWindow();
  r.get('/recordings/:id/media', {
    // a media element cannot send the header: `access` (POST /recordings/:id/play) stands for it
    onRequest: [playGrantAuth(o.deps), allow('staff', 'device', 'party')],
    exposeHeadRoute: false,
    schema: {
      tags: ['recordings'],
      summary: 'Play or download a recording (HTTP Range; audited)',
      security: [{ bearer: [] }],
      params: IdParams,
      querystring: Type.Object(
        {
          download: Type.Optional(StringEnum(['1', 'true', '0', 'false'], 'save as a file (1/true)')),
          access: Type.Optional(Type.String({ maxLength: 4096, description: 'a play grant from POST /recordings/:id/play, for a media element that cannot send the header' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Unknown({ description: 'the whole file' }), 206: Type.Unknown({ description: 'the requested bytes (Content-Range)' }), ...Errors, 410: E, 416: E },
    },
  }, async (req, reply) => {
    const ctx = ctxOf(o.deps, req);
    const kind = req.query.download === '1' || req.query.download === 'true' ? 'download' : 'play';
    const { row, scope } = await loadRecording(ctx, req.params.id);
    await authorizeEvidence(ctx, scope, kind, { type: 'Recording', id: row.id });
    if (!row.sha256) throw RecordingErrors.notFinalised(row.id);
    const file = resolveStored(o.recordingsDir, row.path);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (!stat) throw RecordingErrors.fileMissing(row.id);

    const range = parseRange(req.headers.range, stat.size);
    if (range.kind === 'unsatisfiable') {
      return reply
        .status(416)
        .header('content-range', `bytes */${stat.size}`)
        .send({ error: { code: RecordingCode.RangeNotSatisfiable, message: `the range is outside the file (${stat.size} bytes)`, details: { size: stat.size } } });
    }
    if (window.shouldAudit(ctx.actor.id, row.id, kind)) {
      await audit(o.deps.prisma, ctx.actor, ctx.ip, {
        action: kind === 'download' ? 'recording.download' : 'recording.play',
        entityType: 'Recording',
        entityId: row.id,
        caseId: scope.caseId,
        details: { range: req.headers.range ?? null, sha256: row.sha256 },
      });
    }
    const name = path.basename(row.path);
    reply
      .header('accept-ranges', 'bytes')
      .header('content-type', mimeOf(name, row.kind))
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${row.sha256}"`)
      .header('content-disposition', `${kind === 'download' ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`);
    if (range.kind === 'full') {
      reply.header('content-length', stat.size);
      return reply.status(200).send(fs.createReadStream(file));
    }
    reply.header('content-range', `bytes ${range.start}-${range.end}/${stat.size}`).header('content-length', range.end - range.start + 1);
    return reply.status(206).send(fs.createReadStream(file, { start: range.start, end: range.end }));
  });
}

function mimeOf(name: string, kind: string): string {
  if (name.endsWith('.mp4')) return 'video/mp4';
  if (name.endsWith('.mkv')) return 'video/x-matroska';
  return kind === 'AUDIO' ? 'audio/webm' : 'video/webm';
}
