import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderProtocolReference } from './reference';

const file = path.resolve(import.meta.dirname, '..', '..', '..', 'docs', 'protocol-reference.md');

describe('docs/protocol-reference.md', () => {
  it('is what `npm run docs:protocol` generates from the schemas now (run it after changing the protocol)', () => {
    expect(fs.readFileSync(file, 'utf8')).toBe(renderProtocolReference());
  });

  it('says what the schemas say: setRenderedSize takes whole numbers from 0, ready takes real capabilities', () => {
    const doc = renderProtocolReference();
    expect(doc).toContain('| `width` | integer 0–16384 | yes |');
    expect(doc).toContain('| `rtpCapabilities.codecs[].mimeType` | string (3–64 chars) | yes |');
    expect(doc).toMatch(/### `queue:accept`/);
    expect(doc).toMatch(/### `admitted`[\s\S]*?`hands`[\s\S]*?`hostMutes`/);
  });
});
