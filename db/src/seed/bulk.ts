import type pg from 'pg';

/** A value for a bulk insert; Dates become ISO strings, objects JSON. */
export type Cell = string | number | boolean | Date | null | Record<string, unknown>;

/** Rows waiting to be written to one table: column names with their PostgreSQL types. */
export class TableRows {
  readonly rows: Cell[][] = [];
  constructor(
    readonly table: string,
    readonly columns: ReadonlyArray<readonly [name: string, type: string]>,
  ) {}

  add(...row: Cell[]): void {
    if (row.length !== this.columns.length) throw new Error(`${this.table}: ${row.length} values for ${this.columns.length} columns`);
    this.rows.push(row);
  }

  get length(): number {
    return this.rows.length;
  }
}

const toText = (v: Cell): string | null => {
  if (v === null) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

/**
 * Writes rows with `INSERT … SELECT FROM unnest($1::text[], $2::text[], …)`: one
 * array parameter per column, so a chunk of thousands of rows is one statement
 * with a handful of parameters (the COPY-like path that works through any pg
 * connection, PGlite's included).
 */
export async function writeRows(client: pg.ClientBase, t: TableRows, chunkSize = 5000): Promise<void> {
  const cols = t.columns.map(([name]) => `"${name}"`).join(', ');
  const aliases = t.columns.map((_, i) => `c${i}`);
  const select = t.columns.map(([, type], i) => `u.c${i}::${type}`).join(', ');
  const unnest = t.columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const sql = `INSERT INTO "${t.table}" (${cols}) SELECT ${select} FROM unnest(${unnest}) AS u(${aliases.join(', ')})`;
  for (let start = 0; start < t.rows.length; start += chunkSize) {
    const chunk = t.rows.slice(start, start + chunkSize);
    const params = t.columns.map((_, i) => chunk.map((row) => toText(row[i]!)));
    await client.query(sql, params);
  }
}
