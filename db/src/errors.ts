/** Typed errors of the db package; `code` is stable, the message is for people. */
export class DbError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A migration already applied to the database was edited afterwards. */
export class MigrationChecksumMismatchError extends DbError {
  constructor(
    readonly migration: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'MIGRATION_CHECKSUM_MISMATCH',
      `migration ${migration} was changed after it was applied to this database ` +
        `(recorded checksum ${expected}, file now ${actual}). Applied migrations must never be edited: ` +
        `restore the file and put the change in a new migration.`,
    );
  }
}

/** A migration's SQL failed; its transaction was rolled back and nothing was recorded. */
export class MigrationFailedError extends DbError {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super('MIGRATION_FAILED', `migration ${migration} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * _prisma_migrations holds a migration that started but never finished (left by
 * the Prisma CLI, which does not wrap migrations in transactions).
 */
export class MigrationIncompleteError extends DbError {
  constructor(readonly migration: string) {
    super(
      'MIGRATION_INCOMPLETE',
      `migration ${migration} is recorded as started but not finished in _prisma_migrations. ` +
        `Check the database by hand, then mark it with \`prisma migrate resolve --applied|--rolled-back ${migration}\`.`,
    );
  }
}

/** The embedded database directory is in use by another process (or this one). */
export class DatabaseLockedError extends DbError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super('DATABASE_LOCKED', `the embedded database in ${dataDir} is already open (process ${pid}); two processes must never share it`);
  }
}

/** The database could not be reached or opened. */
export class DatabaseUnavailableError extends DbError {
  constructor(message: string, cause?: unknown) {
    super('DATABASE_UNAVAILABLE', message, { cause });
  }
}
