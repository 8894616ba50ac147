// Give a staff account a new random password and print it (an operator's recovery
// path, and how a newcomer gets back into the demo accounts printed on first run).
//
//   npm run user:reset-password -- <username>
//   DATABASE_URL=postgresql://… npm run user:reset-password -- <username>
import path from 'node:path';
import { randomInt } from 'node:crypto';
import { openDatabase } from '../database';
import { hashPassword } from '../passwords';

const username = process.argv[2];
if (!username) {
  console.error('usage: npm run user:reset-password -- <username>');
  process.exit(2);
}
const db = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR ?? './data', 'pglite'),
});
try {
  const account = await db.prisma.staffAccount.findUnique({ where: { username } });
  if (!account) {
    console.error(`no staff account named ${JSON.stringify(username)}`);
    process.exitCode = 1;
  } else {
    const password = `${randomInt(1000, 10000)}-${randomInt(1000, 10000)}-${randomInt(1000, 10000)}`;
    await db.prisma.$transaction([
      db.prisma.staffAccount.update({ where: { id: account.id }, data: { passwordHash: await hashPassword(password), credentialsVersion: { increment: 1 } } }),
      // Sessions signed in with the old password end: their refresh tokens, and their access tokens (credentials version).
      db.prisma.refreshToken.updateMany({ where: { staffId: account.id, revokedAt: null }, data: { revokedAt: new Date() } }),
    ]);
    console.log(`${username}: new password ${password}`);
  }
} finally {
  await db.close();
}
