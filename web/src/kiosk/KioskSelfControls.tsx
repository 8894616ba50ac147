import { useState } from 'react';
import type { MediaSource } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import type { LocalMedia, RoomClient } from '../room';
import { useHostHold } from './hooks/useHostHold';
import { kioskErrorText } from './error-text';
import { cameraTappable, kioskCameraState, type KioskCameraState } from './camera-state';
import type { KioskRoomMessageKey } from '../i18n/kiosk-room.zh-CN';

const CAMERA_WORDS: Record<KioskCameraState, KioskRoomMessageKey> = {
  none: 'kiosk.self.none',
  held: 'kiosk.self.cameraHeld',
  voiceByHost: 'kiosk.self.cameraVoiceByHost',
  off: 'kiosk.self.cameraOff',
  voiceByLink: 'kiosk.self.cameraVoiceByLink',
  on: 'kiosk.self.cameraOn',
};

/**
 * The kiosk's own 话筒 and 摄像头 (large, the state in words), and, in large calm words,
 * when the mediator holds this device muted and when it may speak again (issue #13 bug 1).
 * A hold is the mediator's: the buttons wait for the allow, which turns the source back on
 * by itself; what the villager turned off themself stays off until they turn it on. While
 * the mediator has the kiosk on voice only, or its link is too weak for video, the camera
 * button says the picture is paused and why, and waits (camera-state.ts): it never says
 * 开着 while nobody sees the villager.
 */
export function KioskSelfControls({ client, local }: { client: RoomClient; local: LocalMedia }) {
  const { t } = useI18n();
  const { held, allowed } = useHostHold(local);
  const [busy, setBusy] = useState<MediaSource | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function toggle(source: MediaSource) {
    setBusy(source);
    setError(null);
    try {
      if (source === 'microphone') await client.setMicrophoneMuted(!local.microphoneMuted);
      else await client.setCameraOff(!local.cameraOff);
    } catch (err) {
      setError(kioskErrorText(t, (err as { code?: string }).code ?? 'INTERNAL'));
    } finally {
      setBusy(null);
    }
  }

  const camera = kioskCameraState(local);
  const states = {
    microphone: !local.microphone ? t('kiosk.self.none') : local.heldByHost.microphone ? t('kiosk.self.micHeld') : local.microphoneMuted ? t('kiosk.self.micOff') : t('kiosk.self.micOn'),
    camera: t(CAMERA_WORDS[camera]),
  };
  const off = { microphone: local.microphoneMuted || local.heldByHost.microphone, camera: camera !== 'on' };
  // the mediator's hold or voice-only switch, or a weak link, decide: a tap is not the villager's to make
  const fixed = { microphone: local.heldByHost.microphone || !local.microphone, camera: !cameraTappable(camera) };
  const dataState = { microphone: local.heldByHost.microphone ? 'held' : off.microphone ? 'off' : 'on', camera: camera === 'none' ? 'off' : camera };
  const name = { microphone: t('kiosk.self.mic'), camera: t('kiosk.self.camera') };
  const ownChoice = allowed.filter((s) => (s === 'microphone' ? local.microphoneMuted : local.cameraOff));

  return (
    <>
      {held.length > 0 && (
        <div className="k-hold" role="status" data-testid="kiosk-held" data-held={held.join(' ')}>
          {held.map((s) => (
            <div key={s}>
              <p className="k-hold-title">{s === 'microphone' ? t('kiosk.hold.mic') : t('kiosk.hold.camera')}</p>
              <p>{s === 'microphone' ? t('kiosk.hold.micHint') : t('kiosk.hold.cameraHint')}</p>
            </div>
          ))}
        </div>
      )}
      {held.length === 0 && allowed.length > 0 && (
        <div className="k-allowed" role="status" data-testid="kiosk-allowed" data-allowed={allowed.join(' ')}>
          {allowed.map((s) => (
            <p key={s} className="k-hold-title">
              {s === 'microphone' ? t('kiosk.hold.micAllowed') : t('kiosk.hold.cameraAllowed')}
            </p>
          ))}
          {ownChoice.map((s) => (
            <p key={`own-${s}`}>{t('kiosk.hold.ownChoice', { what: name[s] })}</p>
          ))}
        </div>
      )}
      <div className="k-self" role="group" aria-label={t('kiosk.self.controls')} data-testid="kiosk-self">
        {(['microphone', 'camera'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={`k-button k-self-button${off[s] ? ' k-off' : ''}`}
            data-source={s}
            data-state={dataState[s]}
            disabled={busy !== null || fixed[s]}
            onClick={() => void toggle(s)}
          >
            <span className="k-self-name">{name[s]}</span>
            <span className="k-self-state">{states[s]}</span>
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="k-alert">
          {error}
        </p>
      )}
    </>
  );
}
