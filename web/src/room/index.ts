export { RoomClient, type RoomState, type LocalMedia, type SelfInfo, type RoomClientOptions } from './room-client';
export type { RemotePeer, RemoteTrack } from './remote-peers';
export { Signal, SignalError } from './signal';
export type { InboundStats, OutboundStats } from './stats';
export { installTestHook } from './test-hook';
