import { useState } from 'react';
import type { MediaSource } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import type { LocalMedia, RoomClient } from '../room';
import { useHostHold } from './hooks/useHostHold';
import { kioskErrorText } from './error-text';

/**
 * The kiosk's own 话筒 and 摄像头 (large, the state in words), and, in large calm words,
 * when the mediator holds this device muted and when it may speak again (issue #13 bug 1).
 * A hold is the mediator's: the buttons wait for the allow, which turns the source back on
 * by itself; what the villager turned off themself stays off until they turn it on.
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

  const states = {
    microphone: !local.microphone ? t('kiosk.self.none') : local.heldByHost.microphone ? t('kiosk.self.micHeld') : local.microphoneMuted ? t('kiosk.self.micOff') : t('kiosk.self.micOn'),
    camera: !local.camera ? t('kiosk.self.none') : local.heldByHost.camera ? t('kiosk.self.cameraHeld') : local.cameraOff ? t('kiosk.self.cameraOff') : t('kiosk.self.cameraOn'),
  };
  const off = { microphone: local.microphoneMuted || local.heldByHost.microphone, camera: local.cameraOff || local.heldByHost.camera };
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
            data-state={local.heldByHost[s] ? 'held' : off[s] ? 'off' : 'on'}
            disabled={busy !== null || local.heldByHost[s] || !(s === 'microphone' ? local.microphone : local.camera)}
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
