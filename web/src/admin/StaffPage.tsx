import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { SelectField, choices } from '../app/fields';
import { useSubmit } from '../app/useSubmit';
import { ColumnHeads } from '../app/table';
import type { StaffAccount, StaffRole } from '../api/types';
import { ActiveBadge, allTalkRooms } from './shared';
import { StaffRowActions } from './StaffRowActions';
import './admin.css';

const ROLES: StaffRole[] = ['TOWNSHIP_MEDIATOR', 'VILLAGE_OPERATOR', 'COUNTY_LEGAL_ADVISOR', 'COUNTY_ADMIN'];

/** 人员账号: the county's staff accounts; create one (password shown once), reset a password, disable, re-enable. */
export function StaffPage() {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const accounts = useApi(() => ep.staffAccounts(), [ep]);
  const org = useApi(() => ep.organisation(), [ep]);
  const rooms = useApi(() => allTalkRooms(ep), [ep]);
  const [shown, setShown] = useState<{ account: StaffAccount; password: string } | null>(null);
  const [notice, setNotice] = useState('');

  const [form, setForm] = useState({ displayName: '', username: '', phone: '', role: 'TOWNSHIP_MEDIATOR' as StaffRole, townshipId: '', talkRoomId: '' });
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const townships = org.data?.townships.filter((x) => x.active) ?? [];
  const villageRooms = (rooms.data ?? []).filter((r) => r.kind === 'VILLAGE_TALK_ROOM' && r.active);
  const townshipName = (id: string | null) => org.data?.townships.find((x) => x.id === id)?.name ?? '';
  const villageName = (id: string | null) => org.data?.townships.flatMap((x) => x.villages).find((v) => v.id === id)?.name ?? '';
  const roomLabel = (id: string) => {
    const r = villageRooms.find((x) => x.id === id)!;
    return `${townshipName(r.townshipId)} · ${r.name}`;
  };
  const where = (s: StaffAccount) =>
    s.role === 'VILLAGE_OPERATOR' ? `${townshipName(s.townshipId)} ${villageName(s.villageId)}` : s.role === 'TOWNSHIP_MEDIATOR' ? townshipName(s.townshipId) : t('admin.staff.county');

  const create = useSubmit(async () => {
    const r = await ep.createStaff({
      displayName: form.displayName.trim(),
      username: form.username.trim().toLowerCase(),
      role: form.role,
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      ...(form.role === 'TOWNSHIP_MEDIATOR' ? { townshipId: form.townshipId } : {}),
      ...(form.role === 'VILLAGE_OPERATOR' ? { talkRoomId: form.talkRoomId } : {}),
    });
    setShown(r);
    setNotice('');
    setForm((f) => ({ ...f, displayName: '', username: '', phone: '' }));
    accounts.reload();
  });

  return (
    <div className="admin-page">
      <h1>{t('admin.staff.title')}</h1>
      <p>{t('admin.staff.intro')}</p>
      {shown && (
        <section className="password-once" role="alert" data-testid="password-once">
          <p>{t('admin.staff.passwordOnce', { name: shown.account.displayName, username: shown.account.username })}</p>
          <output data-testid="new-password">{shown.password}</output>
          <p>{t('admin.staff.passwordNote')}</p>
          <button type="button" className="primary-button" onClick={() => setShown(null)}>
            {t('admin.staff.done')}
          </button>
        </section>
      )}
      <p role="status" className="admin-notice">
        {notice}
      </p>
      <section className="card" aria-labelledby="add-staff-h">
        <h2 id="add-staff-h">{t('admin.staff.add')}</h2>
        <form className="form-grid" onSubmit={create.onSubmit}>
          <label>
            {t('admin.staff.displayName')}
            <input name="displayName" value={form.displayName} onChange={(e) => set('displayName', e.target.value)} required maxLength={64} placeholder={t('admin.staff.displayNameExample')} />
          </label>
          <label>
            {t('admin.staff.username')}
            <input name="username" value={form.username} onChange={(e) => set('username', e.target.value)} required pattern="[A-Za-z0-9][A-Za-z0-9._\-]{2,39}" autoCapitalize="none" autoComplete="off" aria-describedby="username-hint" />
            <small id="username-hint">{t('admin.staff.usernameHint')}</small>
          </label>
          <label>
            {t('admin.staff.phone')}
            <input name="phone" type="tel" value={form.phone} onChange={(e) => set('phone', e.target.value)} pattern="[0-9+ \-]{5,20}" />
          </label>
          <SelectField label={t('admin.staff.role')} name="role" value={form.role} onChange={(e) => set('role', e.target.value)} choices={choices(ROLES, (r) => t(`role.${r}`))} />
          {form.role === 'TOWNSHIP_MEDIATOR' && (
            <SelectField label={t('admin.staff.township')} name="townshipId" value={form.townshipId} onChange={(e) => set('townshipId', e.target.value)} required first={[{ value: '', label: t('admin.staff.chooseTownship') }]} choices={townships.map((x) => ({ value: x.id, label: x.name }))} />
          )}
          {form.role === 'VILLAGE_OPERATOR' && (
            <SelectField label={t('admin.staff.talkRoom')} name="talkRoomId" value={form.talkRoomId} onChange={(e) => set('talkRoomId', e.target.value)} required first={[{ value: '', label: t('admin.staff.chooseRoom') }]} choices={villageRooms.map((r) => ({ value: r.id, label: roomLabel(r.id) }))} />
          )}
          <button type="submit" className="primary-button" disabled={create.busy}>
            {t('admin.staff.add')}
          </button>
          <ErrorNote error={create.error} />
        </form>
      </section>
      <ErrorNote error={accounts.error ?? org.error ?? rooms.error} />
      {(!accounts.data || !org.data) && !accounts.error && <Loading />}
      {accounts.data && org.data && (
        <table className="data-table" data-testid="staff-table">
          <caption className="visually-hidden">{t('admin.staff.title')}</caption>
          <ColumnHeads columns={[t('admin.staff.displayName'), t('admin.staff.username'), t('admin.staff.role'), t('admin.staff.where'), t('admin.status'), t('admin.staff.lastLogin'), t('admin.staff.actions')]} />
          <tbody>
            {accounts.data.items.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.displayName}</th>
                <td data-label={t('admin.staff.username')}>{s.username}</td>
                <td data-label={t('admin.staff.role')}>{t(`role.${s.role}`)}</td>
                <td data-label={t('admin.staff.where')}>{where(s)}</td>
                <td data-label={t('admin.status')}>
                  <ActiveBadge active={s.active} />
                </td>
                <td data-label={t('admin.staff.lastLogin')}>{s.lastLoginAt ? fmt.dateTime(s.lastLoginAt) : t('admin.staff.never')}</td>
                <td>
                  <StaffRowActions
                    account={s}
                    onPassword={(r) => {
                      setShown(r);
                      window.scrollTo({ top: 0 });
                    }}
                    onChanged={(msg) => {
                      setNotice(msg);
                      accounts.reload();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
