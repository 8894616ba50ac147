/**
 * 调解协议书 on record: a written agreement is recorded and signed by both parties
 * through the API's own services (signatures drawn with a pointer on a canvas in
 * Chromium, as on the kiosk's signature pad), then printed as HTML and as a PDF by
 * headless Chromium; pdftotext finds the Chinese names and terms, pdfimages the two
 * signatures.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openTestPage } from '../../../infra/testing/chromium';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { recordOutcome, signAgreement } from '../../src/domain/outcomes';
import { startEvidenceApp, type EvidenceApp } from './evidence-app';

const run = promisify(execFile);
const mode = process.env.DATABASE_URL ? 'postgres' : 'embedded';
const TERMS = '一、刘大山于二〇二六年十二月一日前拆除新砌院墙占用赵家通道的部分（约半米），恢复原通道宽度。\n二、赵小河不再就此事追究刘大山的其他责任。\n三、双方今后和睦相处，互不妨碍通行。';

/** Signatures as a kiosk pad makes them: pointer strokes on a canvas, exported as PNG. */
async function drawSignatures(count: number): Promise<string[]> {
  const browser = await launchChromium();
  try {
    const page = await openTestPage(browser, {
      body: `<canvas id="pad" width="480" height="160" style="touch-action:none;border:1px solid #000"></canvas>
<script>
  const pad = document.getElementById('pad'); const g = pad.getContext('2d');
  g.lineWidth = 4; g.lineCap = 'round'; g.strokeStyle = '#102a6b';
  let down = false;
  pad.addEventListener('pointerdown', (e) => { down = true; g.beginPath(); g.moveTo(e.offsetX, e.offsetY); });
  pad.addEventListener('pointermove', (e) => { if (down) { g.lineTo(e.offsetX, e.offsetY); g.stroke(); } });
  pad.addEventListener('pointerup', () => { down = false; });
  window.clearPad = () => g.clearRect(0, 0, pad.width, pad.height);
  window.exportPad = () => pad.toDataURL('image/png');
</script>`,
    });
    await page.goto('http://localhost/');
    const box = (await page.locator('#pad').boundingBox())!;
    type Pad = { clearPad(): void; exportPad(): string };
    const images: string[] = [];
    for (let i = 0; i < count; i++) {
      await page.evaluate(() => (globalThis as unknown as Pad).clearPad());
      // a scrawl: a few strokes across the pad, different for each signer
      for (let stroke = 0; stroke < 3; stroke++) {
        await page.mouse.move(box.x + 40 + stroke * 130, box.y + 120 - i * 20);
        await page.mouse.down();
        for (let k = 1; k <= 12; k++) await page.mouse.move(box.x + 40 + stroke * 130 + k * 9, box.y + 80 + Math.sin(k + i) * 50, { steps: 2 });
        await page.mouse.up();
      }
      images.push(await page.evaluate(() => (globalThis as unknown as Pad).exportPad()));
    }
    return images;
  } finally {
    await browser.close();
  }
}

describe(`agreements on record (${mode})`, () => {
  let e: EvidenceApp;
  let outcomeId: string;
  let mediator: string;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-agreement-test-'));

  beforeAll(async () => {
    e = await startEvidenceApp();
    mediator = await e.token('mediator');
    const ctx = { deps: e.deps, actor: staffPrincipal(e.fx.staff.mediator), ip: '127.0.0.1' };
    const outcome = await recordOutcome(ctx, e.fx.caseId, { type: 'WRITTEN_AGREEMENT', terms: TERMS, sessionId: e.fx.sessionId });
    outcomeId = outcome.id;
    const [sigA, sigB] = await drawSignatures(2);
    await signAgreement(ctx, outcomeId, { partyId: e.fx.parties.a.id, image: sigA! });
    const signed = await signAgreement(ctx, outcomeId, { partyId: e.fx.parties.b.id, image: sigB! });
    expect(signed.outcome.signedAt).not.toBeNull();
  });
  afterAll(async () => {
    await e?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('prints the agreement to PDF with the parties, the terms and both signatures', async () => {
    const res = await e.app.inject({ method: 'GET', url: `/api/outcomes/${outcomeId}/agreement.pdf`, headers: { authorization: `Bearer ${mediator}` } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = path.join(work, 'agreement.pdf');
    fs.writeFileSync(pdf, res.rawPayload);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    const flat = text.replace(/\s+/g, '');
    for (const expected of ['人民调解协议书', e.fx.caseNumber, '甲方', '刘大山', '乙方', '赵小河', '宅基地界址争议', '恢复原通道宽度', '互不妨碍通行', '调解员李明', '青山镇人民调解委员会', '司法确认']) {
      expect(flat, `PDF text lacks ${expected}`).toContain(expected.replace(/\s+/g, ''));
    }

    // the two signatures are images in the PDF, with ink on them
    const { stdout: list } = await run('pdfimages', ['-list', pdf]);
    const images = list.split('\n').slice(2).filter((l) => l.trim().split(/\s+/)[2] === 'image'); // not their alpha masks
    expect(images).toHaveLength(2);
    await run('pdfimages', ['-png', pdf, path.join(work, 'sig')]);
    const pngs = fs.readdirSync(work).filter((f) => f.startsWith('sig') && f.endsWith('.png'));
    expect(pngs.length).toBeGreaterThanOrEqual(2);
    // one A4 page, and it renders (KEEP_AGREEMENT_PDF=1 keeps it in test-output/, git-ignored)
    const { stdout: info } = await run('pdfinfo', [pdf]);
    expect(info).toMatch(/Pages:\s+1\n/);
    await run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(work, 'page')]);
    expect(fs.readdirSync(work).some((f) => f.startsWith('page'))).toBe(true);
    if (process.env.KEEP_AGREEMENT_PDF) fs.copyFileSync(pdf, path.resolve('test-output', 'agreement.pdf'));

    const audit = await e.db.prisma.auditLog.findFirst({ where: { action: 'agreement.pdf', entityId: outcomeId } });
    expect(audit).toMatchObject({ actorId: e.fx.staff.mediator.id, caseId: e.fx.caseId });
  });

  it('is refused to staff who may not read the case, and marks a signature image that changed', async () => {
    const outsider = await e.token('otherOperator');
    const no = await e.app.inject({ method: 'GET', url: `/api/outcomes/${outcomeId}/agreement.pdf`, headers: { authorization: `Bearer ${outsider}` } });
    expect(no.statusCode).toBe(403);
    expect(no.json().error.code).toBe('OUTSIDE_VILLAGE');

    const sig = await e.db.prisma.agreementSignature.findFirstOrThrow({ where: { outcomeId, partyId: e.fx.parties.b.id } });
    fs.appendFileSync(path.join(e.deps.signaturesDir, sig.imagePath), Buffer.from('x'));
    const html = await e.app.inject({ method: 'GET', url: `/api/outcomes/${outcomeId}/agreement.html`, headers: { authorization: `Bearer ${mediator}` } });
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('签名图像与签署时的校验值不符');
    expect(html.body.match(/data:image\/png;base64,/g)).toHaveLength(2);
    expect(html.body).toContain(sig.sha256);
  });
});
