import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { SelectField } from '../app/fields';
import { useSubmit } from '../app/useSubmit';
import { forgetDevice, saveDevice, storedDevice, type StoredDevice } from './storage';

/** 设备登记: a village operator (or the county admin) enrols this PC or tablet as its talk room's device; the credential stays in this browser. */
export function EnrolPage() {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const fmt = useFormat();
  const rooms = useApi(() => ep.talkRooms(staff?.villageId ? { villageId: staff.villageId } : {}), [ep, staff?.villageId]);
  const [device, setDevice] = useState<StoredDevice | null>(storedDevice);
  const [roomId, setRoomId] = useState('');
  const [label, setLabel] = useState('');
  const choices = rooms.data?.items.filter((r) => r.active && (staff?.role === 'COUNTY_ADMIN' || r.kind === 'VILLAGE_TALK_ROOM')) ?? [];
  const chosen = roomId || choices[0]?.id || '';

  const { busy, error, onSubmit } = useSubmit(async () => {
    const { device: d, token } = await ep.enrolDevice(chosen, label.trim() || undefined);
    const stored: StoredDevice = { token, deviceId: d.id, talkRoomId: d.talkRoomId, talkRoomName: choices.find((r) => r.id === d.talkRoomId)?.name ?? '', label: d.label, enrolledAt: d.enrolledAt };
    saveDevice(stored);
    setDevice(stored);
  });

  return (
    <div className="kiosk-page">
      <h1>{t('enrol.title')}</h1>
      <p>{t('enrol.intro')}</p>
      {device && (
        <section className="card" aria-labelledby="enrolled-h" data-testid="enrolled">
          <h2 id="enrolled-h">{t('enrol.current')}</h2>
          <p>{t('enrol.currentText', { room: device.talkRoomName, label: device.label ?? '—', date: fmt.dateTime(device.enrolledAt) })}</p>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              forgetDevice();
              setDevice(null);
            }}
          >
            {t('enrol.forget')}
          </button>
        </section>
      )}
      <ErrorNote error={rooms.error} />
      {!rooms.data && !rooms.error && <Loading />}
      {rooms.data && (
        <form className="form-grid" onSubmit={onSubmit}>
          <SelectField label={t('enrol.room')} name="talkRoomId" value={chosen} onChange={(e) => setRoomId(e.target.value)} required choices={choices.map((r) => ({ value: r.id, label: r.name }))} />
          <label>
            {t('enrol.label')}
            <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} maxLength={64} placeholder={t('enrol.labelExample')} />
          </label>
          <button type="submit" className="primary-button" disabled={busy || !chosen}>
            {device ? t('enrol.again') : t('enrol.submit')}
          </button>
          <ErrorNote error={error} />
        </form>
      )}
    </div>
  );
}
