/**
 * @shuoshi/sfu: the media layer (mediasoup workers, one router per room). It knows
 * nothing of signalling or the database; the signalling server drives it through
 * Sfu / MediaRoomRegistry / MediaRoom. See docs/sfu.md.
 */
export { Sfu } from './sfu';
export { WorkerPool, type WorkerHealth, type WorkerPoolEvents } from './worker-pool';
export { MediaRoomRegistry, type RoomFactory } from './media-room-registry';
export {
  MediaRoom,
  type ActiveSpeaker,
  type ConsumeOptions,
  type MediaRoomEvents,
  type ProduceOptions,
  type RoomCloseReason,
} from './media-room';
export { MediaProducer, type MediaCloseReason, type MediaProducerEvents } from './media-producer';
export { MediaConsumer, type MediaConsumerEvents } from './media-consumer';
export { PlainRtpOutput, type PlainRtpInputOptions, type PlainRtpOutputOptions, type RtpTarget } from './plain-rtp';
export type { DownlinkSample, TransportDirection } from './peer-media';
export type { TransportState, WebRtcTransportInfo } from './transport-info';
export { defaultSfuConfig, parseSfuConfig, type SfuConfig, type SfuConfigInput } from './config';
export { MEDIA_CODECS } from './codecs';
export { pickLeastLoaded, type WorkerLoad } from './placement';
export { SfuError, SfuErrors, isSfuError, type SfuErrorCode } from './errors';
/** mediasoup's own types, passed through where the API uses them (RtpCapabilities, DtlsParameters...). */
export type { types as mediasoupTypes } from 'mediasoup';
