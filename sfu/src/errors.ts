/**
 * Errors of the media layer. Each carries a stable code and the HTTP status the
 * signalling layer should map it to; `clientFault` separates a request the client
 * got wrong (unknown id, wrong transport) from a fault of this server.
 */
export type SfuErrorCode =
  | 'INVALID_CONFIG'
  | 'POOL_NOT_STARTED'
  | 'POOL_CLOSED'
  | 'NO_WORKER'
  | 'ROOM_CLOSED'
  | 'PEER_GONE'
  | 'TRANSPORT_NOT_FOUND'
  | 'PRODUCER_NOT_FOUND'
  | 'CONSUMER_NOT_FOUND'
  | 'WRONG_DIRECTION'
  | 'CANNOT_CONSUME'
  | 'UNUSABLE_CAPABILITIES';

export class SfuError extends Error {
  override name = 'SfuError';
  constructor(
    readonly code: SfuErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /** True when the caller sent something wrong; false when the server could not do its part. */
  get clientFault(): boolean {
    return this.status < 500;
  }
}

export const SfuErrors = {
  invalidConfig: (problems: string[]) => new SfuError('INVALID_CONFIG', 500, `invalid sfu configuration: ${problems.join('; ')}`),
  poolNotStarted: () => new SfuError('POOL_NOT_STARTED', 503, 'the worker pool has not been started'),
  poolClosed: () => new SfuError('POOL_CLOSED', 503, 'the worker pool is closed'),
  noWorker: () => new SfuError('NO_WORKER', 503, 'no live mediasoup worker can take a room now'),
  roomClosed: (roomId: string) => new SfuError('ROOM_CLOSED', 410, `media room ${roomId} is closed`),
  peerGone: (mediaKey: string) => new SfuError('PEER_GONE', 409, `peer ${mediaKey} left the room while its request was running`),
  transportNotFound: (id: string) => new SfuError('TRANSPORT_NOT_FOUND', 404, `transport ${id} not found for this peer`),
  producerNotFound: (id: string) => new SfuError('PRODUCER_NOT_FOUND', 404, `producer ${id} not found`),
  consumerNotFound: (id: string) => new SfuError('CONSUMER_NOT_FOUND', 404, `consumer ${id} not found for this peer`),
  wrongDirection: (id: string, wanted: 'send' | 'recv') =>
    new SfuError('WRONG_DIRECTION', 400, `transport ${id} is not a ${wanted} transport`),
  cannotConsume: (producerId: string) =>
    new SfuError('CANNOT_CONSUME', 422, `the receiver cannot decode producer ${producerId} (no common codec)`),
  unusableCapabilities: () => new SfuError('UNUSABLE_CAPABILITIES', 422, "the receiver's RTP capabilities decode none of the room's codecs"),
};

export function isSfuError(err: unknown): err is SfuError {
  return err instanceof SfuError;
}
