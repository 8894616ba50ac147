import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mode, startApiTest, type ApiTest } from './helpers';

describe(`OpenAPI docs at /docs (${mode})`, () => {
  let t: ApiTest;
  beforeAll(async () => {
    t = await startApiTest({ fixture: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the Swagger UI and an OpenAPI document with a schema for every route', async () => {
    const ui = await t.call('GET', '/docs/');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
    const doc = (await t.call('GET', '/docs/json')).body;
    expect(doc.openapi).toMatch(/^3\./);
    const ops = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, m]) => Object.entries(m).map(([method, op]) => ({ path, method, op })));
    expect(ops.length).toBeGreaterThanOrEqual(35);
    for (const { path, method, op } of ops) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(path, where).toMatch(/^\/api\//);
      const ok = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(ok, where).toHaveLength(1);
      for (const s of ['400', '401', '403', '404', '409', '429']) expect(op.responses[s], `${where} ${s}`).toBeDefined();
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
      expect(declared.sort(), where).toEqual(pathParams.sort());
      if (method === 'post' && !/\/(join-token|livekit-token|start|end|accept|abandon|callback\/take|disable|enable|reset-password|play)$/.test(path)) expect(op.requestBody, where).toBeDefined();
      if (!path.startsWith('/api/auth/') || path === '/api/auth/me') expect(op.security, where).toEqual([{ bearer: [] }]);
    }
  });
});
