/** `npm run docs:protocol`: writes docs/protocol-reference.md from the protocol's TypeBox schemas. */
import fs from 'node:fs';
import path from 'node:path';
import { renderProtocolReference } from '../../signaling/protocol/src/reference';

const file = path.resolve(import.meta.dirname, '..', '..', 'docs', 'protocol-reference.md');
fs.writeFileSync(file, renderProtocolReference());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
