import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiDeps } from '../domain/context';
import { AppError } from '../errors';
import { AuthCode, authError } from '../domain/errors';
import { verifyDocGrant } from '../documents/access';
import { DOCUMENT_MAX_BYTES, DOCUMENT_MIMES } from '../documents/files';
import { listSessionDocuments, readCaseDocument, uploadSessionDocument } from '../documents/service';
import { allow, ctxOf } from '../plugins/authenticate';
import { DOCUMENT_FRAME_HEADERS } from '../plugins/security-headers';
import { DocumentView } from '@shuoshi/protocol';
import { Errors, IdParams, iso } from './schemas';

const view = (d: { id: string; caseId: string; sessionId: string | null; name: string; mime: string; sizeBytes: number; sha256: string; uploadedAt: Date }) => ({
  id: d.id,
  caseId: d.caseId,
  sessionId: d.sessionId,
  name: d.name,
  mime: d.mime,
  sizeBytes: d.sizeBytes,
  sha256: d.sha256,
  uploadedAt: iso(d.uploadedAt),
});

/**
 * Shared documents of a case file (shown in the live room with `doc:show`):
 * POST /api/sessions/:id/documents (the raw bytes, Content-Type the document's type),
 * GET /api/sessions/:id/documents, GET /api/documents/:id/content.
 */
export async function documentRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];
  // the document is the body: no multipart, no base64 (this scope only)
  r.addContentTypeParser(DOCUMENT_MIMES, { parseAs: 'buffer', bodyLimit: DOCUMENT_MAX_BYTES }, (_req, body, done) => done(null, body));

  r.post('/sessions/:id/documents', {
    onRequest: allow('staff', 'device'),
    bodyLimit: DOCUMENT_MAX_BYTES,
    config: { rawBody: DOCUMENT_MIMES },
    schema: {
      tags: ['documents'],
      summary: "Add a document (PDF, PNG, JPEG, WebP; at most 10 MB) to the case file of a mediation session: the raw bytes as the body, Content-Type the document's type",
      security,
      params: IdParams,
      querystring: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, description: 'the file name people see' }) }, { additionalProperties: false }),
      response: { 201: DocumentView, ...Errors },
    },
  }, async (req, reply) => {
    const mime = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!DOCUMENT_MIMES.includes(mime) || !Buffer.isBuffer(req.body)) throw new AppError(415, 'UNSUPPORTED_DOCUMENT_TYPE', `send the document's bytes as ${DOCUMENT_MIMES.join(', ')}`);
    const bytes = req.body;
    const doc = await uploadSessionDocument(ctxOf(deps, req), req.params.id, { name: req.query.name, mime, bytes });
    return reply.status(201).send(view(doc));
  });

  r.get('/sessions/:id/documents', {
    onRequest: allow('staff', 'device', 'party'),
    schema: { tags: ['documents'], summary: "The documents of the session's case file", security, params: IdParams, response: { 200: Type.Array(DocumentView), ...Errors } },
  }, async (req) => (await listSessionDocuments(ctxOf(deps, req), req.params.id)).map(view));

  r.get('/documents/:id/content', {
    // the live room's document viewer frames it (our origin only)
    helmet: DOCUMENT_FRAME_HEADERS,
    schema: {
      tags: ['documents'],
      summary: 'Download a document: with an API token (whoever may read its session), or with the `access` grant of a live-room `docShown` url',
      security,
      params: IdParams,
      querystring: Type.Object({ access: Type.Optional(Type.String({ maxLength: 2048 })) }, { additionalProperties: false }),
      response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: "the document's bytes, Content-Type its type" }), ...Errors },
    },
  }, async (req, reply) => {
    const { access } = req.query;
    if (!access && !req.principal) throw authError(AuthCode.Required, 'sign in, or use the address the live room gave you');
    const reader = access
      ? { kind: 'grant' as const, grant: verifyDocGrant(deps.authSecret, access, deps.now().getTime()), ip: req.ip }
      : { kind: 'principal' as const, ctx: ctxOf(deps, req) };
    const { doc, bytes } = await readCaseDocument(deps, reader, req.params.id);
    return reply
      .header('content-type', doc.mime)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
      .header('x-content-sha256', doc.sha256)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  });
}
