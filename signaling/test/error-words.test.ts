import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@shuoshi/protocol';
import { AuthCode, BadInputCode, ConflictCode, DenyCode } from '../src/domain/errors';
import { RecordingCode } from '../src/recording/errors';

/**
 * Issue #13 bug 6: people see words, never codes. Every code the server can answer with
 * (the socket protocol's ErrorCode, every REST code group, and any code literal thrown in
 * signaling/src) has an `error.<CODE>` string in zh-CN and in English, and no string that
 * shows an error puts the code on screen.
 */
const SRC = join(__dirname, '../src');
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}
/** Literal codes thrown or sent without a code table: `new AppError(415, 'UNSUPPORTED_DOCUMENT_TYPE', …)`, `{ error: { code: 'INTERNAL' … } }`. */
function literalCodes(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new AppError\(\s*\d+,\s*'([A-Z][A-Z_]+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)) found.add(m[1]!);
  }
  return [...found];
}

const codes = [
  ...new Set([
    ...Object.values(ErrorCode),
    ...Object.values(DenyCode),
    ...Object.values(ConflictCode),
    ...Object.values(BadInputCode),
    ...Object.values(AuthCode),
    ...Object.values(RecordingCode),
    ...literalCodes(),
  ]),
].sort();
/** The web's catalogs, read as text (the web package is not part of this project's build): `'key': 'words',` lines. */
const I18N = join(__dirname, '../../web/src/i18n');
function catalog(files: string[]): Record<string, string> {
  const table: Record<string, string> = {};
  for (const f of files) {
    for (const m of readFileSync(join(I18N, f), 'utf8').matchAll(/^\s*'([^']+)':\s*(['"`])(.*)\2,\s*$/gm)) table[m[1]!] = m[3]!;
  }
  return table;
}
const catalogs = ['errors', '', 'console', 'room', 'lawyer', 'admin'];
const tables = {
  'zh-CN': catalog(catalogs.map((c) => (c ? `${c}.zh-CN.ts` : 'zh-CN.ts'))),
  en: catalog(catalogs.map((c) => (c ? `${c}.en.ts` : 'en.ts'))),
};

describe('every error code a person can meet has words (issue #13 bug 6)', () => {
  it('finds the codes of every group and reads the catalogs (the scans are not empty)', () => {
    expect(tables['zh-CN']['error.BAD_CREDENTIALS']).toBe('用户名或密码不正确。');
    expect(tables.en['error.NOT_A_LAWYER']).toContain("county's");
    expect(codes).toEqual(expect.arrayContaining(['BAD_CREDENTIALS', 'READ_ONLY_ROLE', 'MUTED_BY_HOST', 'UNSUPPORTED_DOCUMENT_TYPE', 'VALIDATION_FAILED', 'RECORDING_NOT_FOUND']));
  });
  for (const [locale, table] of Object.entries(tables)) {
    it(`${locale}: error.<CODE> exists for every code, in words without the code`, () => {
      const missing = codes.filter((c) => !table[`error.${c}`]?.trim());
      expect(missing, `missing error.<CODE> in ${locale}`).toEqual([]);
      const showsCode = codes.filter((c) => table[`error.${c}`]?.includes(c));
      expect(showsCode).toEqual([]);
    });
    it(`${locale}: no error template puts a {code} on screen`, () => {
      // an error key with {code}, or any template with a bracketed code （{code}） / ({code}) (an invite code's digits are words, not these)
      const withCode = Object.entries(table).filter(([k, v]) => (/error/i.test(k) && v.includes('{code}')) || /[（(]\{code\}[)）]/.test(v)).map(([k]) => k);
      expect(withCode).toEqual([]);
    });
  }
});
