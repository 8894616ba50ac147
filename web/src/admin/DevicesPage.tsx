import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Link, navigate, useLocation } from '../app/router';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { SelectField } from '../app/fields';
import { ColumnHeads } from '../app/table';
import { asApiError } from '../app/useApi';
import type { ApiError } from '../api/client';
import type { Device } from '../api/types';
import { allTalkRooms } from './shared';
import './admin.css';

/** 设备管理: a talk room's devices, when each was last seen, revoke; enrolling happens on the device itself (/enrol). */
export function DevicesPage() {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const { search } = useLocation();
  const rooms = useApi(() => allTalkRooms(ep), [ep]);
  const org = useApi(() => ep.organisation(), [ep]);
  const list = rooms.data?.filter((r) => r.active) ?? [];
  const roomId = search.get('room') || list[0]?.id || '';
  const devices = useApi(() => (roomId ? ep.devices(roomId) : Promise.resolve({ items: [] as Device[] })), [ep, roomId]);
  const [error, setError] = useState<ApiError | null>(null);
  const townshipName = (id: string | null) => org.data?.townships.find((x) => x.id === id)?.name;
  const label = (d: Device) => d.label ?? t('admin.devices.unnamed');

  const revoke = async (d: Device) => {
    if (!window.confirm(t('admin.devices.confirmRevoke', { label: label(d) }))) return;
    setError(null);
    try {
      await ep.revokeDevice(roomId, d.id);
      devices.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  return (
    <div className="admin-page">
      <h1>{t('admin.devices.title')}</h1>
      <p>
        {t('admin.devices.intro')} <Link to="/enrol">{t('admin.devices.enrolHere')}</Link>
      </p>
      <ErrorNote error={rooms.error ?? devices.error ?? error} />
      {!rooms.data && !rooms.error && <Loading />}
      {rooms.data && (
        <SelectField
          className="room-picker"
          label={t('admin.devices.room')}
          name="room"
          value={roomId}
          onChange={(e) => navigate(`/admin/devices?room=${e.target.value}`, { replace: true })}
          choices={list.map((r) => ({ value: r.id, label: [townshipName(r.townshipId), r.name].filter(Boolean).join(' · ') }))}
        />
      )}
      {devices.data && devices.data.items.length === 0 && <p>{t('admin.devices.none')}</p>}
      {devices.data && devices.data.items.length > 0 && (
        <table className="data-table" data-testid="device-table">
          <caption className="visually-hidden">{t('admin.devices.title')}</caption>
          <ColumnHeads columns={[t('admin.devices.label'), t('admin.devices.enrolledAt'), t('admin.devices.lastSeen'), t('admin.status'), t('admin.staff.actions')]} />
          <tbody>
            {devices.data.items.map((d) => (
              <tr key={d.id}>
                <th scope="row">{label(d)}</th>
                <td data-label={t('admin.devices.enrolledAt')}>{fmt.dateTime(d.enrolledAt)}</td>
                <td data-label={t('admin.devices.lastSeen')}>{d.lastSeenAt ? fmt.dateTime(d.lastSeenAt) : t('admin.devices.neverSeen')}</td>
                <td data-label={t('admin.status')}>
                  <span className={`badge ${d.revokedAt ? 'badge-off' : 'badge-ok'}`}>{d.revokedAt ? t('admin.devices.revoked') : t('admin.devices.inUse')}</span>
                </td>
                <td>
                  {!d.revokedAt && (
                    <button type="button" className="link-button" aria-label={`${t('admin.devices.revoke')}：${label(d)}`} onClick={() => void revoke(d)}>
                      {t('admin.devices.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
