/**
 * The evidence API over HTTP (app.inject): a case's recordings, authorised
 * streaming with Range, audit of plays, downloads and refusals, hash verification,
 * the rendition job's routes, a verbal agreement's clip, and the retention purge
 * with a legal hold.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '@shuoshi/db';
import { addTrack, startEvidenceApp, type EvidenceApp } from './evidence-app';
import { ffprobe, sha256Of, waitFor } from './media-check';

const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';

describe(`evidence API (${mode})`, () => {
  let e: EvidenceApp;
  let video: Recording;
  let audio: Recording;
  let mediator: string;
  let outsider: string;
  const get = (url: string, token?: string, headers: Record<string, string> = {}) =>
    e.app.inject({ method: 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const post = (url: string, token: string, body?: unknown) =>
    e.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { payload: body as object }) });
  const auditRows = (action: string) => e.db.prisma.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    e = await startEvidenceApp();
    const t0 = new Date(Date.now() - 60_000);
    [video, audio] = await Promise.all([
      addTrack(e, { kind: 'video', seconds: 6, label: '调解员 李明', startedAt: t0 }),
      addTrack(e, { kind: 'audio', seconds: 5, label: '当事人 刘大山', startedAt: new Date(t0.getTime() + 1_000) }),
    ]);
    [mediator, outsider] = await Promise.all([e.token('mediator'), e.token('otherOperator')]);
  });
  afterAll(async () => e?.close());

  it("lists a case's recordings for those who may read it; refuses and audits others", async () => {
    const ok = await get(`/api/cases/${e.fx.caseId}/recordings`, mediator);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items.map((r: { id: string }) => r.id).sort()).toEqual([video.id, audio.id].sort());
    expect(ok.json().items[0]).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mediaUrl: expect.stringMatching(/\/media$/) });

    const no = await get(`/api/cases/${e.fx.caseId}/recordings`, outsider);
    expect(no.statusCode).toBe(403);
    expect(no.json().error.code).toBe('OUTSIDE_VILLAGE');
    expect((await get(`/api/cases/${e.fx.caseId}/recordings`)).statusCode).toBe(401);
    const denied = await auditRows('evidence.access_denied');
    expect(denied.at(-1)).toMatchObject({ actorId: e.fx.staff.otherOperator.id, caseId: e.fx.caseId, details: { attempted: 'list', code: 'OUTSIDE_VILLAGE' } });
  });

  it('streams with Range: 200 whole, 206 with the right bytes, 416 past the end; plays and downloads are audited', async () => {
    const file = fs.readFileSync(path.join(e.recordingsDir, video.path));
    const whole = await get(`/api/recordings/${video.id}/media`, mediator);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/webm');
    expect(whole.rawPayload.equals(file)).toBe(true);

    const part = await get(`/api/recordings/${video.id}/media`, mediator, { range: 'bytes=100-1099' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-1099/${file.length}`);
    expect(part.headers['content-length']).toBe('1000');
    expect(part.rawPayload.equals(file.subarray(100, 1100))).toBe(true);

    const tail = await get(`/api/recordings/${video.id}/media`, mediator, { range: 'bytes=-500' });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(file.subarray(file.length - 500))).toBe(true);

    const bad = await get(`/api/recordings/${video.id}/media`, mediator, { range: `bytes=${file.length}-` });
    expect(bad.statusCode).toBe(416);
    expect(bad.headers['content-range']).toBe(`bytes */${file.length}`);
    expect(bad.json().error.code).toBe('RANGE_NOT_SATISFIABLE');

    // one audit row per viewing (a player asks for many ranges), one per download
    const plays = await auditRows('recording.play');
    expect(plays).toHaveLength(1);
    expect(plays[0]).toMatchObject({ actorType: 'STAFF', actorId: e.fx.staff.mediator.id, entityType: 'Recording', entityId: video.id, caseId: e.fx.caseId });
    const dl = await get(`/api/recordings/${video.id}/media?download=1`, mediator);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(await auditRows('recording.download')).toHaveLength(1);
  });

  it('refuses playback to someone not allowed on the case (403 with a code) and audits it', async () => {
    const before = (await auditRows('recording.play')).length;
    const res = await get(`/api/recordings/${audio.id}/media`, outsider, { range: 'bytes=0-99' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUTSIDE_VILLAGE');
    expect(res.headers['content-range']).toBeUndefined();
    const denied = (await auditRows('evidence.access_denied')).at(-1);
    expect(denied).toMatchObject({ actorId: e.fx.staff.otherOperator.id, entityType: 'Recording', entityId: audio.id, caseId: e.fx.caseId, details: { attempted: 'play' } });
    expect(await auditRows('recording.play')).toHaveLength(before);
    expect((await get(`/api/recordings/${audio.id}/media`)).statusCode).toBe(401);
    expect((await get(`/api/recordings/01a20a76-0000-7000-8000-000000000000/media`, mediator)).json().error.code).toBe('RECORDING_NOT_FOUND');
  });

  it('verifies a hash, and notices a changed file', async () => {
    const ok = await post(`/api/recordings/${audio.id}/verify`, mediator);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, missing: false, expectedSha256: audio.sha256, actualSha256: audio.sha256 });
    fs.appendFileSync(path.join(e.recordingsDir, audio.path), Buffer.from([0]));
    const bad = await post(`/api/recordings/${audio.id}/verify`, mediator);
    expect(bad.json()).toMatchObject({ ok: false, missing: false, expectedSha256: audio.sha256 });
    expect(bad.json().actualSha256).not.toBe(audio.sha256);
    expect((await auditRows('recording.verify')).map((a) => (a.details as { ok: boolean }).ok)).toEqual([true, false]);
    expect((await post(`/api/recordings/${audio.id}/verify`, outsider)).statusCode).toBe(403);
  });

  it('queues the session rendition and shows its progress until done', async () => {
    expect((await post(`/api/sessions/${e.fx.sessionId}/rendition`, outsider)).statusCode).toBe(403);
    const queued = await post(`/api/sessions/${e.fx.sessionId}/rendition`, mediator);
    expect(queued.statusCode, queued.body).toBe(202);
    expect(['queued', 'running']).toContain(queued.json().state);
    const again = await post(`/api/sessions/${e.fx.sessionId}/rendition`, mediator);
    expect([202, 409]).toContain(again.statusCode); // 409 RENDITION_ALREADY_QUEUED unless it finished in between
    const done = await waitFor(async () => {
      const s = (await get(`/api/sessions/${e.fx.sessionId}/rendition`, mediator)).json();
      return s.state === 'done' || s.state === 'failed' ? s : undefined;
    }, 60_000, 'the rendition');
    expect(done).toMatchObject({ state: 'done', progress: 1 });
    const row = (await get(`/api/recordings/${done.recordingId}`, mediator)).json();
    expect(row.kind).toBe('RENDITION');
    const p = await ffprobe(path.join(e.recordingsDir, (await e.db.prisma.recording.findUniqueOrThrow({ where: { id: row.id } })).path));
    expect(Math.abs(p.durationS! - 6)).toBeLessThan(1); // from the first track's start to the last one's end
  });

  it("backs a verbal agreement with a clip cut from the session's tracks", async () => {
    const outcome = await e.db.prisma.outcome.create({
      data: { caseId: e.fx.caseId, sessionId: e.fx.sessionId, type: 'VERBAL_AGREEMENT', verbalContent: '刘家三日内拆除占道院墙半米，赵家不再追究。', recordedById: e.fx.staff.mediator.id },
    });
    expect((await post(`/api/outcomes/${outcome.id}/clip`, outsider, { fromMs: 2_000, toMs: 4_000 })).statusCode).toBe(403);
    const bad = await post(`/api/outcomes/${outcome.id}/clip`, mediator, { fromMs: 4_000, toMs: 2_000 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_CLIP_WINDOW');
    const res = await post(`/api/outcomes/${outcome.id}/clip`, mediator, { fromMs: 2_000, toMs: 4_000 });
    expect(res.statusCode, res.body).toBe(201);
    const clip = await e.db.prisma.recording.findUniqueOrThrow({ where: { id: res.json().id } });
    expect(clip).toMatchObject({ kind: 'CLIP', outcomeId: outcome.id, clipFromMs: 2_000, clipToMs: 4_000 });
    const file = path.join(e.recordingsDir, clip.path);
    expect(clip.sha256).toBe(sha256Of(file));
    const p = await ffprobe(file);
    expect(p.streams.map((s) => s.codec_name).sort()).toEqual(['opus', 'vp8']);
    expect(p.durationS!).toBeGreaterThan(1.9);
    expect(p.durationS!).toBeLessThan(3.1);
    expect(await auditRows('recording.clip')).toHaveLength(1);

    const html = await get(`/api/outcomes/${outcome.id}/agreement.html`, mediator);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('口头调解协议登记表');
    expect(html.body).toContain(clip.sha256);
    // its own CSP: its <style> and data: images, no script (plugins/security-headers.ts)
    expect(html.headers['content-security-policy']).toMatch(/default-src 'none'.*style-src 'unsafe-inline'.*img-src data:/);
  });

  it('purges recordings past the retention period (files, rows, audited as the system), except under legal hold', async () => {
    const old = new Date(Date.now() - 40 * 24 * 3600_000); // retention is 30 days here
    const held = await e.db.prisma.case.create({
      data: { ...(await e.db.prisma.case.findUniqueOrThrow({ where: { id: e.fx.caseId }, select: { category: true, intakeChannel: true, description: true, handlingLevel: true, countyId: true, townshipId: true, villageId: true, createdById: true } })), caseNumber: '2026-青山镇-9999', year: 2026, sequence: 9999, legalHold: true },
    });
    const heldSession = await e.db.prisma.session.create({ data: { kind: 'MEDIATION', caseId: held.id, roomId: 'held-room', hostId: e.fx.staff.mediator.id } });
    const expired = await addTrack(e, { kind: 'audio', seconds: 1, label: '当事人 赵小河', startedAt: old });
    const kept = await addTrack(e, { kind: 'audio', seconds: 1, label: '当事人 赵小河', startedAt: old, sessionId: heldSession.id, caseId: held.id });

    const result = await e.recordings.purge();
    expect(result).toMatchObject({ purged: 1, held: 1 });
    expect(await e.db.prisma.recording.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(fs.existsSync(path.join(e.recordingsDir, expired.path))).toBe(false);
    expect(await e.db.prisma.recording.findUnique({ where: { id: kept.id } })).not.toBeNull();
    expect(fs.existsSync(path.join(e.recordingsDir, kept.path))).toBe(true);
    const purge = await auditRows('recording.purge');
    expect(purge).toHaveLength(1);
    expect(purge[0]).toMatchObject({ actorType: 'SYSTEM', actorId: null, entityId: expired.id, caseId: e.fx.caseId, details: { sha256: expired.sha256 } });
    // the fresh recordings stay
    expect(await e.db.prisma.recording.count({ where: { id: { in: [video.id, audio.id] } } })).toBe(2);
  });
});
