import type { DownlinkState } from '../room/downlink-note';
import type { MessageKey } from './zh-CN';

/** What the person is told while the server holds back video on their weak downlink (the room page and the kiosk say the same). */
export const DOWNLINK_WORDS = {
  speakerOnly: 'room.downlink.speakerOnly',
  audioOnly: 'room.downlink.audioOnly',
  byHost: 'room.downlink.byHost',
  recovering: 'room.uplink.recovering',
} as const satisfies Record<Exclude<DownlinkState, 'good'>, MessageKey>;
