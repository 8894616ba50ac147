import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SaveNotesBody, SessionNotesView } from '@shuoshi/protocol';
import type { ApiDeps } from '../domain/context';
import { readCaseNotes, readSessionNotes, saveSessionNotes, type NoteRow } from '../domain/mediation-notes';
import { allow, ctxOf } from '../plugins/authenticate';
import { Errors, IdParams, isoOrNull } from './schemas';

const notesView = (n: NoteRow) => ({ sessionId: n.sessionId, text: n.text, version: n.version, updatedAt: isoOrNull(n.updatedAt) });

/** The mediator's private notes of a session (调解笔录 draft): only the case's handlers; every read audited. */
export async function notesRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];
  const staff = allow('staff');

  r.get('/sessions/:id/notes', {
    onRequest: staff,
    schema: { tags: ['sessions'], summary: "A mediation session's private notes (the case's handlers only; audited)", security, params: IdParams, response: { 200: SessionNotesView, ...Errors } },
  }, async (req) => notesView(await readSessionNotes(ctxOf(deps, req), req.params.id)));

  r.put('/sessions/:id/notes', {
    onRequest: staff,
    schema: { tags: ['sessions'], summary: "Save a mediation session's private notes (the whole text)", security, params: IdParams, body: SaveNotesBody, response: { 200: SessionNotesView, ...Errors } },
  }, async (req) => notesView(await saveSessionNotes(ctxOf(deps, req), req.params.id, req.body.text)));

  r.get('/cases/:id/notes', {
    onRequest: staff,
    schema: { tags: ['cases'], summary: "The case file's 调解笔录 drafts, one per session (the case's handlers only; audited)", security, params: IdParams, response: { 200: Type.Array(SessionNotesView), ...Errors } },
  }, async (req) => (await readCaseNotes(ctxOf(deps, req), req.params.id)).map(notesView));
}
