import pino, { type DestinationStream, type Logger } from 'pino';
import { requestSerializer } from './log-redaction';

/**
 * Structured JSON logs; child loggers bind roomId / peerId / caseId. `destination`
 * (default stdout) lets a test read what would be written.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'shuoshi' },
      // URLs are logged without their credentials (grant links, tokens, codes): log-redaction.ts
      serializers: { req: requestSerializer },
      // Never log credentials or personal identifiers that may ride along in requests.
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.idNumber', '*.token', '*.refreshToken'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
export type { Logger };
