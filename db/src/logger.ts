/**
 * The logging the db package needs. A pino Logger fits it (pino's LogFn accepts
 * an object then a message); db does not depend on pino itself.
 */
type LogFn = (obj: Record<string, unknown>, msg?: string) => void;

export interface DbLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const noop: LogFn = () => {};
export const silentLogger: DbLogger = { debug: noop, info: noop, warn: noop, error: noop };
