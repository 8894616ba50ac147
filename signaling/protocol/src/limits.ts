/**
 * Limits of the socket protocol (docs/protocol.md, "Limits"). The server enforces
 * them before it parses a message's JSON, so one client's junk costs the others
 * nothing; well-behaved clients stay far below every one.
 */

/** The largest encoded request (characters of the socket.io packet) a request may send unless its entry says otherwise. */
export const DEFAULT_REQUEST_MAX_SIZE = 4096;

/**
 * engine.io's `maxHttpBufferSize`: the largest message of any kind, in bytes. A longer
 * one closes the connection (engine.io refuses it before socket.io sees it). Twice the
 * largest request cap, so that a legitimate request is never cut off by the transport.
 */
export const MAX_MESSAGE_BYTES = 65_536;

/** Error messages in acks never exceed this many characters. */
export const MAX_ERROR_MESSAGE_LENGTH = 200;

/** A request's cap: its own `maxSize` when it has one, else the default. */
export function requestMaxSize(entry: { maxSize?: number } | undefined): number {
  return entry?.maxSize ?? DEFAULT_REQUEST_MAX_SIZE;
}

/** An error message safe to send: printable characters only, at most MAX_ERROR_MESSAGE_LENGTH. */
export function boundMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = String(message).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return clean.length <= MAX_ERROR_MESSAGE_LENGTH ? clean : `${clean.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}
