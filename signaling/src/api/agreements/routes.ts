import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { loadAgreement } from '../../agreements/document';
import type { PdfPrinter } from '../../agreements/pdf';
import { renderAgreementHtml } from '../../agreements/template';
import { audit } from '../../domain/audit';
import type { ApiDeps } from '../../domain/context';
import { notFoundError } from '../../domain/errors';
import { allow, ctxOf } from '../../plugins/authenticate';
import { Errors, IdParams } from '../schemas';
import { authorizeEvidence } from '../recordings/access';
import { AGREEMENT_PAGE_HEADERS } from '../../plugins/security-headers';

export interface AgreementRouteOptions {
  deps: ApiDeps;
  printer: PdfPrinter;
}

const E = Type.Ref('ErrorBody');

/**
 * The agreement on record: 人民调解协议书 (written, with the parties' signatures) or
 * the record of a verbal agreement (with its clips), as a printable page and a PDF.
 * For staff who may read the case; every view is audited.
 */
export async function agreementRoutes(app: FastifyInstance, { deps, printer }: AgreementRouteOptions): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  const load = async (req: Parameters<typeof ctxOf>[1], id: string, action: string) => {
    const ctx = ctxOf(deps, req);
    const outcome = await deps.prisma.outcome.findUnique({ where: { id }, select: { id: true, caseId: true, sessionId: true } });
    if (!outcome) throw notFoundError('outcome');
    await authorizeEvidence(ctx, { caseId: outcome.caseId, sessionId: outcome.sessionId }, 'agreement', { type: 'Outcome', id });
    const doc = await loadAgreement(deps.prisma, id, deps.signaturesDir);
    if (!doc) throw notFoundError('agreement (the outcome is not a written or verbal agreement)');
    await audit(deps.prisma, ctx.actor, ctx.ip, {
      action,
      entityType: 'Outcome',
      entityId: id,
      caseId: doc.caseId,
      details: { signatures: doc.parties.filter((p) => p.signature).map((p) => ({ partyId: p.partyId, sha256: p.signature!.sha256, intact: p.signature!.intact })) },
    });
    return doc;
  };

  r.get('/outcomes/:id/agreement.html', {
    onRequest: allow('staff', 'device', 'party'),
    helmet: AGREEMENT_PAGE_HEADERS,
    schema: { tags: ['agreements'], summary: 'The agreement as a printable page (audited)', security, params: IdParams, response: { ...Errors } },
  }, async (req, reply) => {
    const doc = await load(req, req.params.id, 'agreement.view');
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store').send(renderAgreementHtml(doc));
  });

  r.get('/outcomes/:id/agreement.pdf', {
    onRequest: allow('staff', 'device', 'party'),
    schema: { tags: ['agreements'], summary: 'The agreement as a PDF (headless Chromium; audited)', security, params: IdParams, response: { ...Errors, 500: E } },
  }, async (req, reply) => {
    const doc = await load(req, req.params.id, 'agreement.pdf');
    const pdf = await printer.print(renderAgreementHtml(doc));
    return reply
      .header('content-type', 'application/pdf')
      .header('cache-control', 'private, no-store')
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(`调解协议书-${doc.caseNumber}.pdf`)}`)
      .send(pdf);
  });
}
