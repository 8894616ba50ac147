import { describe, expect, it } from 'vitest';
import { cameraTappable, kioskCameraState } from './camera-state';

const camera = {} as MediaStreamTrack;
const base = { camera, heldByHost: { camera: false, microphone: false }, cameraOff: false, downlink: 'good', uplink: 'good' } as const;

describe('the kiosk camera button', () => {
  it('says the picture is off, not 开着, when the mediator switched the kiosk to voice only; a tap cannot change it', () => {
    const s = kioskCameraState({ ...base, downlink: 'byHost' });
    expect(s).toBe('voiceByHost');
    expect(cameraTappable(s)).toBe(false);
    // the villager had turned it off themself: still the mediator's switch that is said
    expect(kioskCameraState({ ...base, cameraOff: true, downlink: 'byHost' })).toBe('voiceByHost');
  });

  it('says the picture is paused for a weak uplink, coming back by itself', () => {
    expect(kioskCameraState({ ...base, uplink: 'audioOnly' })).toBe('voiceByLink');
    expect(cameraTappable('voiceByLink')).toBe(false);
    expect(kioskCameraState({ ...base, cameraOff: true, uplink: 'audioOnly' })).toBe('off'); // their own choice stays theirs to undo
  });

  it('a hold, no camera, on and off', () => {
    expect(kioskCameraState({ ...base, heldByHost: { camera: true, microphone: false }, downlink: 'byHost' })).toBe('held');
    expect(kioskCameraState({ ...base, camera: undefined })).toBe('none');
    expect(kioskCameraState({ ...base, cameraOff: true })).toBe('off');
    expect(kioskCameraState(base)).toBe('on');
    expect(kioskCameraState({ ...base, downlink: 'recovering', uplink: 'recovering' })).toBe('on');
    expect(cameraTappable('on') && cameraTappable('off')).toBe(true);
  });
});
