import type { RoomUiMessageKey } from './room.zh-CN';
/** English for the live room's UI: every key of room.zh-CN.ts. */
export declare const roomEn: Record<RoomUiMessageKey, string>;
