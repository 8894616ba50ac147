import type { MediaKind, RtpParameters } from '@shuoshi/protocol';

/**
 * What the recorder needs of the media layer, in the protocol's terms: a producer
 * forwarded as plain RTP to a local port. Recording is just another consumer, and
 * reaches the SFU through the same adapter as the rooms (`rooms/sfu-adapter.ts`,
 * `SfuMediaHost`), never through the sfu package itself.
 */
export interface RecordingOutput {
  readonly kind: MediaKind;
  readonly producerId: string;
  readonly rtpParameters: RtpParameters;
  readonly closed: boolean;
  /** Starts the flow and asks the sender for a keyframe. */
  resume(): Promise<void>;
  requestKeyFrame(): Promise<void>;
  getStats(): Promise<Array<{ type: string; packetCount: number }>>;
  close(): void;
  once(event: 'close', listener: () => void): unknown;
}

/** Where ffmpeg listens: RTP and RTCP muxed on `port`. */
export interface RecordingTarget {
  ip: string;
  port: number;
}

export interface RecordableRoom {
  readonly closed: boolean;
  consumeToPlainRtp(producerId: string, target: RecordingTarget, opts: { paused: boolean }): Promise<RecordingOutput>;
  /** The room closed (last peer gone, worker died, shutdown): its outputs closed with it. */
  once(event: 'close', listener: () => void): unknown;
}

/** A live session's media room by its room id (implemented by the media adapter). */
export interface RecordableRooms {
  recordableRoom(roomId: string): RecordableRoom | undefined;
}
