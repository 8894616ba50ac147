import type { LocalMedia } from '../room';

/**
 * What the kiosk's 摄像头 says (its button and its own small picture), in the order that
 * decides it:
 * - `none`: this device has no camera;
 * - `held`: the mediator stopped the camera (a hold: 调解员暂时关了您的画面);
 * - `voiceByHost`: the mediator switched this device to voice only (`host:audioOnly`): the
 *   camera is paused, nobody sees the picture, and a tap could not turn it on (the server
 *   refuses until the mediator lifts it, then it comes back by itself);
 * - `off`: the villager turned it off themself;
 * - `voiceByLink`: the uplink is too weak for video (uplink-guard.ts): paused until the link
 *   has been good for a while, then it comes back by itself;
 * - `on`: others see the villager.
 * Only `on` and `off` are the villager's to change with a tap.
 */
export type KioskCameraState = 'none' | 'held' | 'voiceByHost' | 'off' | 'voiceByLink' | 'on';

export function kioskCameraState(local: Pick<LocalMedia, 'camera' | 'heldByHost' | 'cameraOff' | 'downlink' | 'uplink'>): KioskCameraState {
  if (!local.camera) return 'none';
  if (local.heldByHost.camera) return 'held';
  if (local.downlink === 'byHost') return 'voiceByHost';
  if (local.cameraOff) return 'off';
  if (local.uplink === 'audioOnly') return 'voiceByLink';
  return 'on';
}

/** Whether a tap on the 摄像头 button is the villager's to make now. */
export const cameraTappable = (state: KioskCameraState): boolean => state === 'on' || state === 'off';
