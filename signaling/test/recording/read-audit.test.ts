/**
 * Issue #12 item 10: the evidence reads that wrote no audit row: one recording's
 * metadata (GET /recordings/:id) and the session rendition's state
 * (GET /sessions/:id/rendition).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '@shuoshi/db';
import { addTrack, startEvidenceApp, type EvidenceApp } from './evidence-app';

const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';

describe(`evidence reads are audited (${mode})`, () => {
  let e: EvidenceApp;
  let audio: Recording;
  let mediator: string;
  const get = (url: string, token: string) => e.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    e = await startEvidenceApp();
    audio = await addTrack(e, { kind: 'audio', seconds: 1, label: '当事人 刘大山', startedAt: new Date(Date.now() - 10_000) });
    mediator = await e.token('mediator');
  });
  afterAll(async () => e?.close());

  it('GET /recordings/:id writes recording.read with the case', async () => {
    const r = await get(`/api/recordings/${audio.id}`, mediator);
    expect(r.statusCode, r.body).toBe(200);
    const rows = await e.db.prisma.auditLog.findMany({ where: { action: 'recording.read' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: e.fx.staff.mediator.id, entityType: 'Recording', entityId: audio.id, caseId: e.fx.caseId });
  });

  it('GET /sessions/:id/rendition writes recording.rendition.read with the case', async () => {
    const r = await get(`/api/sessions/${e.fx.sessionId}/rendition`, mediator);
    expect(r.statusCode, r.body).toBe(200);
    const rows = await e.db.prisma.auditLog.findMany({ where: { action: 'recording.rendition.read' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: e.fx.staff.mediator.id, entityType: 'Session', entityId: e.fx.sessionId, caseId: e.fx.caseId });
  });
});
