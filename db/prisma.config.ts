// Prisma CLI configuration (Prisma 6.19.3, pinned: Prisma 7's CLI cannot migrate
// offline). The CLI runs on the JavaScript schema engine through our pg driver
// adapter, so no native engine binary is downloaded. See docs/data-model.md.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/shuoshi_dev npm run migrate:dev -w @shuoshi/db -- --name add_x
//
// `migrate dev` needs a real PostgreSQL server (not PGlite); its shadow database is
// SHADOW_DATABASE_URL, or else a temporary database created and dropped on the
// same server. Start-up does not use the Prisma CLI: src/migrate.ts applies
// prisma/migrations itself and records them in _prisma_migrations.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createMigrationAdapter } from './src/pg';

// Captured before the placeholder below: the adapter only ever connects to this.
const databaseUrl = process.env.DATABASE_URL || undefined;
// The schema's env("DATABASE_URL") must resolve even for `prisma generate`, which
// never connects; without it the CLI falls back to downloading a native engine.
process.env.DATABASE_URL ??= 'postgresql://unset.invalid/set-DATABASE_URL';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(import.meta.dirname, 'prisma', 'schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, 'prisma', 'migrations') },
  async adapter() {
    const url = databaseUrl;
    if (!url) throw new Error('DATABASE_URL is not set: the Prisma CLI needs a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/shuoshi_dev)');
    return createMigrationAdapter(url, process.env.SHADOW_DATABASE_URL || undefined);
  },
});
