// Create a staff account and print its random password once: how a fresh production
// install gets its first county administrator (no demo data), and a way to add staff
// from a shell. The county is created (with its legal office) when it does not exist.
//
//   npm run user:create -- --role COUNTY_ADMIN --county 青山县 --username admin.zhou --name "县管理员 周敏"
//   npm run user:create -- --role TOWNSHIP_MEDIATOR --county 青山县 --township 青山镇 --username mediator.li --name 李明
//   npm run user:create -- --role VILLAGE_OPERATOR --county 青山县 --township 青山镇 --village 东坪村 --username op.zhang --name 张强
//   DATABASE_URL=postgresql://… npm run user:create -- …
//
// Argument parsing: node:util parseArgs (built in, strict: an unknown option is an error).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../database';
import { parseCreateUserArgs, createUserFromArgs, CreateUserArgsError } from './create-user-args';

let args;
try {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      role: { type: 'string' },
      county: { type: 'string' },
      'county-code': { type: 'string' },
      township: { type: 'string' },
      village: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      phone: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE());
    process.exit(0);
  }
  args = parseCreateUserArgs(values);
} catch (err) {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE()}`);
  process.exit(2);
}

const db = await openDatabase({
  url: process.env.DATABASE_URL || undefined,
  dataDir: path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR ?? './data', 'pglite'),
});
try {
  const r = await createUserFromArgs(db.prisma, args);
  if (r.countyCreated) console.log(`created the county ${r.county} (with its ${r.office})`);
  console.log(`${r.account.username} (${r.account.displayName}, ${args.role}) created in ${r.place}`);
  console.log(`password (shown only now): ${r.password}`);
} catch (err) {
  if (err instanceof CreateUserArgsError || (err as { code?: string }).code) {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  await db.close();
}

function USAGE(): string {
  return [
    'usage: npm run user:create -- --role ROLE --county NAME --username USERNAME [--name DISPLAY_NAME]',
    '                              [--township NAME] [--village NAME] [--county-code 6 DIGITS] [--phone PHONE]',
    '  ROLE: COUNTY_ADMIN (县管理员) | COUNTY_LEGAL_ADVISOR (县法律顾问) | TOWNSHIP_MEDIATOR (镇调解员, needs --township)',
    '        | VILLAGE_OPERATOR (村居说事员 / 网格员, needs --township and --village)',
    '  The county is created when it does not exist; townships and villages must exist (create them in the staff app).',
  ].join('\n');
}
