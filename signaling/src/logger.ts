import pino, { type Logger } from 'pino';

/** Structured JSON logs; child loggers bind roomId / peerId / caseId. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'shuoshi' },
    // Never log credentials or personal identifiers that may ride along in requests.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.idNumber', '*.token', '*.refreshToken'],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
