/**
 * Issue #13 bug 7: the agreement (人民调解协议书) gave every party the case's village as
 * 住址. Intake records each party's own village and address (POST /api/parties), the
 * case file shows them, and the agreement (HTML, and the PDF the server prints with
 * headless Chromium, read back with pdftotext) gives each party their own.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveWorld, type LiveWorld } from './support/live-world';

const run = promisify(execFile);

describe('the agreement gives each party their own address', () => {
  let w: LiveWorld;
  let mediator: string;
  beforeAll(async () => {
    w = await startLiveWorld();
    mediator = await w.token('mediator1');
  });
  afterAll(async () => w?.server.stop());

  const call = (method: string, url: string, body?: unknown) => w.rest(method, url, mediator, body);

  it("intake records each party's village and address; the case file and the agreement (HTML, PDF) use them, not the case's village", async () => {
    const { v1a: dongping, v1b: xiling } = w.org.villages;
    const a = await call('POST', '/api/parties', { name: '孙春生', villageId: dongping, address: '东坪村三组12号' });
    const b = await call('POST', '/api/parties', { name: '周秋月', villageId: xiling, address: '五组7号' });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body).toMatchObject({ villageId: dongping, address: '东坪村三组12号' });
    expect(b.body).toMatchObject({ villageId: xiling, address: '五组7号' });
    // a huge or blank address is refused with a code, and nothing is stored
    for (const address of ['x'.repeat(201), '   ']) {
      const bad = await call('POST', '/api/parties', { name: '吴某', address });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toEqual(expect.any(String));
    }
    expect(await w.server.db.prisma.party.count({ where: { name: '吴某' } })).toBe(0);

    // the case is in 东坪村; party B lives in 西岭村
    const c = await call('POST', '/api/cases', { villageId: dongping, category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '两家院墙滴水', parties: [{ partyId: a.body.id, side: 'A' }, { partyId: b.body.id, side: 'B' }] });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    const file = await call('GET', `/api/cases/${c.body.id}`);
    expect(file.body.parties.map((p: { name: string; address: string | null }) => [p.name, p.address])).toEqual([['孙春生', '东坪村三组12号'], ['周秋月', '五组7号']]);
    expect((await call('POST', `/api/cases/${c.body.id}/transitions`, { to: 'IN_MEDIATION' })).status).toBe(200);
    const outcome = await call('POST', `/api/cases/${c.body.id}/outcomes`, { type: 'WRITTEN_AGREEMENT', terms: '周家于十日内修好滴水檐，孙家不再追究。' });
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(201);

    const html = await fetch(`${w.server.url}/api/outcomes/${outcome.body.id}/agreement.html`, { headers: { authorization: `Bearer ${mediator}` } });
    const page = await html.text();
    expect(page).toContain('孙春生　住址：东坪村三组12号');
    expect(page).toContain('周秋月　住址：西岭村五组7号');
    expect(page).not.toContain('周秋月　住址：东坪村');

    const pdf = await fetch(`${w.server.url}/api/outcomes/${outcome.body.id}/agreement.pdf`, { headers: { authorization: `Bearer ${mediator}` } });
    expect(pdf.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agreement-address-'));
    fs.writeFileSync(path.join(dir, 'a.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    const flat = stdout.replace(/\s+/g, '');
    expect(flat).toContain('孙春生住址：东坪村三组12号');
    expect(flat).toContain('周秋月住址：西岭村五组7号');
  }, 90_000);
});
