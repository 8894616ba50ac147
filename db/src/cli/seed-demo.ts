// Create the demo organisation (if the database has no county yet) and print its sign-ins.
//
//   DATABASE_URL=postgresql://… npx tsx db/src/cli/seed-demo.ts
//   npx tsx db/src/cli/seed-demo.ts               # embedded: $DATA_DIR/pglite (default ./data/pglite)
import path from 'node:path';
import { openDatabase } from '../database';
import { seedDemo } from '../seed/demo';

const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR ?? './data', 'pglite') });
try {
  const accounts = await seedDemo(db.prisma);
  if (accounts.length === 0) console.log('The database already has an organisation: nothing seeded.');
  for (const a of accounts) console.log(`${a.role.padEnd(22)} ${a.username} / ${a.password}`);
} finally {
  await db.close();
}
