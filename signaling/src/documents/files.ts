import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/** What may be shared, recognised by the bytes (not the client's word). */
const KINDS: Array<{ mime: string; magic: Buffer }> = [
  { mime: 'application/pdf', magic: Buffer.from('%PDF-') },
  { mime: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mime: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]) },
  { mime: 'image/webp', magic: Buffer.from('RIFF') },
];
export const DOCUMENT_MIMES = KINDS.map((k) => k.mime);

/** The bytes' real type, when it is the declared one. */
export function sniffMatches(bytes: Buffer, declared: string): boolean {
  const kind = KINDS.find((k) => k.mime === declared);
  if (!kind || !bytes.subarray(0, kind.magic.length).equals(kind.magic)) return false;
  return declared !== 'image/webp' || bytes.subarray(8, 12).toString('latin1') === 'WEBP';
}

export const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** `<root>/<caseId>/documents/<documentId>`: written to a temporary name, then renamed (no half files). */
export async function writeDocument(root: string, caseId: string, documentId: string, bytes: Buffer): Promise<string> {
  const rel = path.join(caseId, 'documents', documentId);
  const full = path.join(root, rel);
  await fs.mkdir(path.dirname(full), { recursive: true });
  const tmp = `${full}.${process.pid}.tmp`;
  await fs.writeFile(tmp, bytes, { mode: 0o600 });
  await fs.rename(tmp, full);
  return rel;
}

export async function readDocument(root: string, rel: string): Promise<Buffer> {
  const full = path.resolve(root, rel);
  if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error('document path escapes the case folder');
  return fs.readFile(full);
}
