/**
 * Playing a recording in the case file's <video>/<audio> (issue #13): the element cannot
 * send the Authorization header, so POST /api/recordings/:id/play gives a short grant
 * in the address. From the attacker's side: the grant opens that one recording only,
 * for that staff member only while their account stands; a forged, altered or borrowed
 * grant is no credential; whoever may not read the case gets none; every play with it
 * is authorised and audited like a play with the header.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '@shuoshi/db';
import { addTrack, AUTH_SECRET, startEvidenceApp, type EvidenceApp } from './evidence-app';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { signPlayGrant, verifyPlayGrant, PLAY_GRANT_TTL_S } from '../../src/api/recordings/play-grant';

describe('recording play grants', () => {
  let e: EvidenceApp;
  let video: Recording;
  let audio: Recording;
  let mediator: string;
  const get = (url: string, headers: Record<string, string> = {}) => e.app.inject({ method: 'GET', url, headers });
  const play = (id: string, token: string) => e.app.inject({ method: 'POST', url: `/api/recordings/${id}/play`, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    e = await startEvidenceApp();
    const t0 = new Date(Date.now() - 60_000);
    [video, audio] = await Promise.all([
      addTrack(e, { kind: 'video', seconds: 3, label: '调解员 李明', startedAt: t0 }),
      addTrack(e, { kind: 'audio', seconds: 3, label: '当事人 刘大山', startedAt: t0 }),
    ]);
    mediator = await e.token('mediator');
  });
  afterAll(async () => e?.close());

  it('the address plays the file without a header (whole and by range), audited as a play by that mediator', async () => {
    const res = await play(video.id, mediator);
    expect(res.statusCode, res.body).toBe(200);
    const { url, expiresAt } = res.json() as { url: string; expiresAt: string };
    expect(url).toMatch(new RegExp(`^/api/recordings/${video.id}/media\\?access=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(PLAY_GRANT_TTL_S * 1000);
    const file = fs.readFileSync(path.join(e.recordingsDir, video.path));
    const whole = await get(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(file)).toBe(true);
    const part = await get(url, { range: 'bytes=0-99' });
    expect(part.statusCode).toBe(206);
    const plays = await e.db.prisma.auditLog.findMany({ where: { action: 'recording.play', entityId: video.id } });
    expect(plays.map((p) => p.actorId)).toContain(e.fx.staff.mediator.id);
  });

  it('a grant opens only its own recording; forged, altered, huge or missing grants are no credential', async () => {
    const { url } = (await play(video.id, mediator)).json() as { url: string };
    const access = new URL(url, 'http://x').searchParams.get('access')!;
    expect((await get(`/api/recordings/${audio.id}/media?access=${access}`)).statusCode).toBe(401);
    const [body, sig] = access.split('.') as [string, string];
    const altered = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'AB' : 'AA'}`;
    expect((await get(`/api/recordings/${video.id}/media?access=${altered}`)).statusCode).toBe(401);
    // a grant claiming to be the admin, signed with a guessed key
    const forged = signPlayGrant('not-the-secret-not-the-secret-not-the-secret', video.id, staffPrincipal(e.fx.staff.admin)).access;
    expect((await get(`/api/recordings/${video.id}/media?access=${forged}`)).statusCode).toBe(401);
    expect((await get(`/api/recordings/${video.id}/media?access=${'a'.repeat(5000)}`)).statusCode).toBe(401);
    expect((await get(`/api/recordings/${video.id}/media?access=`)).statusCode).toBe(401);
    // expired: refused after its time
    expect(verifyPlayGrant(AUTH_SECRET, access, video.id, Date.now() + (PLAY_GRANT_TTL_S + 5) * 1000)).toBeNull();
    expect(verifyPlayGrant(AUTH_SECRET, access, video.id)).toMatchObject({ kind: 'staff', id: e.fx.staff.mediator.id });
  });

  it('someone who may not read the case gets no grant (403, audited); a disabled account\'s grant stops at once', async () => {
    const outsider = await e.token('otherOperator');
    const no = await play(video.id, outsider);
    expect(no.statusCode).toBe(403);
    expect(no.json().error.code).toBe('OUTSIDE_VILLAGE');
    const denied = await e.db.prisma.auditLog.findMany({ where: { action: 'evidence.access_denied', actorId: e.fx.staff.otherOperator.id }, orderBy: { id: 'asc' } });
    expect(denied.at(-1)).toMatchObject({ details: { attempted: 'play' } });

    const { url } = (await play(audio.id, mediator)).json() as { url: string };
    expect((await get(url, { range: 'bytes=0-9' })).statusCode).toBe(206);
    await e.db.prisma.staffAccount.update({ where: { id: e.fx.staff.mediator.id }, data: { active: false } });
    try {
      const refused = await get(url, { range: 'bytes=0-9' });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toMatch(/^[A-Z_]+$/);
    } finally {
      await e.db.prisma.staffAccount.update({ where: { id: e.fx.staff.mediator.id }, data: { active: true } });
    }
  });
});
