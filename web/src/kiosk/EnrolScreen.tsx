import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import type { DeviceEnrolment, TalkRoom } from '../api/types';
import { api, errorCode, type StaffSignIn } from './api';
import { saveDevice, type StoredDevice } from '../device/storage';
import { WorkerFields } from './WorkerFields';
import { kioskErrorText } from './error-text';

/**
 * Not enrolled: tell the villager to fetch the grid worker, and let the worker enrol
 * this device for their talk room by signing in (POST /api/auth/login, then
 * POST /api/talk-rooms/:id/devices). The worker's sign-in is used once and not kept.
 */
export function EnrolScreen({ revoked, onEnrolled }: { revoked: boolean; onEnrolled(d: StoredDevice): void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api<StaffSignIn>('/auth/login', { method: 'POST', body: { username: username.trim(), password } });
      const roomId = me.staff.talkRoomId;
      if (!roomId) {
        setError(t('kiosk.enrol.noRoom'));
        return;
      }
      const room = await api<TalkRoom>(`/talk-rooms/${roomId}`, { token: me.accessToken });
      const r = await api<DeviceEnrolment>(`/talk-rooms/${roomId}/devices`, { method: 'POST', token: me.accessToken, body: label.trim() ? { label: label.trim() } : {} });
      const stored: StoredDevice = { token: r.token, deviceId: r.device.id, talkRoomId: r.device.talkRoomId, talkRoomName: room.name, label: r.device.label, enrolledAt: r.device.enrolledAt };
      saveDevice(stored);
      onEnrolled(stored);
    } catch (err) {
      setError(kioskErrorText(t, errorCode(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="k-screen" aria-labelledby="enrol-h" data-testid="kiosk-enrol">
      <h2 id="enrol-h">{revoked ? t('kiosk.enrol.titleRevoked') : t('kiosk.enrol.title')}</h2>
      <p className="k-lead">{revoked ? t('kiosk.enrol.revoked') : t('kiosk.enrol.ask')}</p>
      <form className="k-form" onSubmit={(e) => void submit(e)}>
        <p>{t('kiosk.enrol.operatorHint')}</p>
        <WorkerFields username={username} password={password} onUsername={setUsername} onPassword={setPassword} />
        <label>
          {t('kiosk.enrol.label')}
          <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} maxLength={64} />
        </label>
        <button type="submit" className="k-button k-primary" disabled={busy}>
          {t('kiosk.enrol.submit')}
        </button>
        {error && <p role="alert" className="k-alert">{error}</p>}
      </form>
    </section>
  );
}
