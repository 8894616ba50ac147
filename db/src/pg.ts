import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

/**
 * pg connection plumbing shared by the runtime (openDatabase), the migration
 * runner and prisma.config.ts (the Prisma CLI on the JS schema engine).
 */

/** OIDs of the catalog types `"char"` and `name`, and of text. */
const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([CHAR_OID, NAME_OID]);
/** ColumnTypeEnum.Character in @prisma/driver-adapter-utils. */
const COLUMN_TYPE_CHARACTER = 6;

type QueryResultLike = { fields?: Array<{ dataTypeID: number }>; rows?: unknown[] };

/** Result rows arrays → indexes of the columns that were `"char"` (see withCharColumns). */
const charColumnsByRows = new WeakMap<object, number[]>();

function relabelCatalogTypes<T>(result: T): T {
  const results: unknown[] = Array.isArray(result) ? result : [result];
  for (const r of results as Array<QueryResultLike | undefined>) {
    const chars: number[] = [];
    (r?.fields ?? []).forEach((f, i) => {
      if (!CATALOG_TEXT_OIDS.has(f.dataTypeID)) return;
      if (f.dataTypeID === CHAR_OID) chars.push(i);
      f.dataTypeID = TEXT_OID;
    });
    if (chars.length > 0 && r?.rows) charColumnsByRows.set(r.rows, chars);
  }
  return result;
}

/**
 * A pg Client whose results report the catalog types `name` and `"char"` as text.
 * @prisma/adapter-pg 6.19 rejects those OIDs ("Column type 'name' could not be
 * deserialized", prisma/orm#27403) and the schema engine's introspection queries
 * return them. pg parses them as strings already; only the OID label changes.
 */
export class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); wrap them all.
  override query(...args: unknown[]): any {
    const last = args.length > 0 ? args[args.length - 1] : undefined;
    if (typeof last === 'function') {
      const cb = last as (err: Error | null, res: unknown) => void;
      args[args.length - 1] = (err: Error | null, res: unknown) => cb(err, err ? res : relabelCatalogTypes(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === 'function') return (out as Promise<unknown>).then(relabelCatalogTypes);
    return out;
  }
}

/**
 * Explicit connection fields rather than `connectionString`: pg lets a
 * connection string override `database`, which would send @prisma/adapter-pg's
 * shadow-database pool back to the main database.
 */
export function connectionConfig(url: string): pg.ClientConfig {
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error(`not a PostgreSQL URL: ${redactUrl(url)}`);
  const cfg: pg.ClientConfig = {
    host: decodeURIComponent(u.hostname) || u.searchParams.get('host') || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : 'postgres',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
  };
  if (u.password) cfg.password = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode && sslmode !== 'disable') cfg.ssl = sslmode === 'no-verify' ? { rejectUnauthorized: false } : true;
  const appName = u.searchParams.get('application_name');
  if (appName) cfg.application_name = appName;
  return cfg;
}

/** The same URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The URL without its password, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

export interface PoolOptions {
  max?: number;
  /** Close idle connections after this many ms (0 = never). */
  idleTimeoutMillis?: number;
  applicationName?: string;
}

export function createPool(url: string, opts: PoolOptions = {}): pg.Pool {
  return new pg.Pool({
    ...connectionConfig(url),
    Client: CatalogTextClient,
    max: opts.max ?? 10,
    idleTimeoutMillis: opts.idleTimeoutMillis ?? 10_000,
    application_name: opts.applicationName ?? 'shuoshi',
  });
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

type PgAdapter = Awaited<ReturnType<PrismaPg['connect']>>;

/**
 * @prisma/adapter-pg 6.19's executeScript() splits a migration on every ";"
 * (even inside comments, strings and function bodies) and sends the pieces to
 * whichever pooled connection is free. Send the whole script as one simple
 * query instead, as Prisma's native engine does: one connection, one implicit
 * transaction, any SQL.
 */
function runScriptsWhole(adapter: PgAdapter): PgAdapter {
  withCharColumns(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => withCharColumns(await startTransaction(...args));
  adapter.executeScript = async (script: string) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (err) {
      // the adapter's own error mapping (DriverAdapterError), so Prisma reports it as usual
      (adapter as unknown as { onError(e: unknown): never }).onError(err);
    }
  };
  return adapter;
}

/**
 * The schema engine reads `"char"` catalog columns (pg_constraint.contype…) as
 * Character values and panics ("unreachable") when they arrive as Text: report
 * them as Character.
 */
function withCharColumns<Q extends Pick<PgAdapter, 'queryRaw'>>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumnsByRows.get(result.rows) ?? []) result.columnTypes[i] = COLUMN_TYPE_CHARACTER as (typeof result.columnTypes)[number];
    return result;
  };
  return queryable;
}

/**
 * The driver adapter for the Prisma CLI (prisma.config.ts). `migrate dev` gets a
 * real, separate shadow database (SHADOW_DATABASE_URL if set, else a temporary
 * database on the same server, dropped with FORCE when Prisma disposes of it).
 */
export function createMigrationAdapter(url: string, shadowUrl?: string): PrismaPg {
  const adapter = new PrismaPg(createPool(url, { applicationName: 'prisma-cli' }), { disposeExternalPool: true });
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => runScriptsWhole(await connect());
  adapter.connectToShadowDb = async () => {
    if (shadowUrl) {
      return runScriptsWhole(await new PrismaPg(createPool(shadowUrl, { applicationName: 'prisma-cli-shadow' }), { disposeExternalPool: true }).connect());
    }
    const name = `prisma_shadow_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await adminQuery(url, `CREATE DATABASE ${quoteIdent(name)}`);
    const shadowPool = createPool(withDatabase(url, name), { applicationName: 'prisma-cli-shadow' });
    const shadow = runScriptsWhole(await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    };
    return shadow;
  };
  return adapter;
}

/** One statement on a short-lived connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new CatalogTextClient(connectionConfig(url));
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
