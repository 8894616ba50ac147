import type { mediasoupTypes, RtpTarget } from '@shuoshi/sfu';

/**
 * The narrow part of the media layer the recorder needs: a producer forwarded as
 * plain RTP to a local port (@shuoshi/sfu's MediaRoom.consumeToPlainRtp and its
 * PlainRtpOutput fit it as they are). Recording is just another consumer.
 */
export interface RecordingOutput {
  readonly kind: mediasoupTypes.MediaKind;
  readonly producerId: string;
  readonly rtpParameters: mediasoupTypes.RtpParameters;
  readonly closed: boolean;
  /** Starts the flow and asks the sender for a keyframe. */
  resume(): Promise<void>;
  requestKeyFrame(): Promise<void>;
  getStats(): Promise<Array<{ type: string; packetCount: number }>>;
  close(): void;
  once(event: 'close', listener: () => void): unknown;
}

export interface RecordableRoom {
  readonly closed: boolean;
  consumeToPlainRtp(producerId: string, target: RtpTarget, opts: { paused: boolean }): Promise<RecordingOutput>;
  /** The room closed (last peer gone, worker died, shutdown): its outputs closed with it. */
  once(event: 'close', listener: () => void): unknown;
}

/** Finds a live session's media room by its room id (the Sfu's registry). */
export interface RecordableRooms {
  getRoom(roomId: string): RecordableRoom | undefined;
}
