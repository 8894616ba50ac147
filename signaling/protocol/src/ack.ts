import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ErrorCode } from './codes';
import { boundMessage } from './limits';

export { ErrorCode } from './codes';

export const ErrorInfo = Type.Object({
  code: Type.Union(Object.values(ErrorCode).map((c) => Type.Literal(c))),
  message: Type.String(),
  /** ROOM_ELSEWHERE only: where to connect the signalling and ask again (the node hosting the room). */
  moveTo: Type.Optional(Type.String()),
});
export type ErrorInfo = Static<typeof ErrorInfo>;

export type AckOk<T> = { ok: true } & T;
export interface AckError {
  ok: false;
  error: ErrorInfo;
}
export type Ack<T> = AckOk<T> | AckError;

/** The schema of an ack whose success carries `result`'s fields. */
export function AckSchema<T extends TSchema>(result: T) {
  return Type.Union([
    Type.Composite([Type.Object({ ok: Type.Literal(true) }), result]),
    Type.Object({ ok: Type.Literal(false), error: ErrorInfo }),
  ]);
}

/** An error ack; the message is bounded and stripped of control characters (it may quote a client). */
export const errorAck = (code: ErrorCode, message: string, moveTo?: string): AckError => ({
  ok: false,
  error: { code, message: boundMessage(message), ...(moveTo ? { moveTo } : {}) },
});
