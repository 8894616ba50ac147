export { RoomClient, type EndReason, type RoomState, type LocalMedia, type SeatAdmission, type SeatEnd, type SelfInfo, type RoomClientOptions } from './room-client';
export type { RemotePeer, RemoteTrack } from './remote-peers';
export type { ConsentRequest } from './features/recording';
export { Signal, SignalError } from './signal';
export type { InboundStats, OutboundStats } from './stats';
export { installTestHook } from './test-hook';
