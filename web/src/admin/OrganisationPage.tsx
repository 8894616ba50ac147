import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Link } from '../app/router';
import { ErrorNote, Loading } from '../app/ui';
import { useApi } from '../app/useApi';
import { SelectField } from '../app/fields';
import { useSubmit } from '../app/useSubmit';
import { ColumnHeads } from '../app/table';
import type { TalkRoom } from '../api/types';
import { ActiveBadge, DivisionActions, allTalkRooms } from './shared';
import './admin.css';

/** 组织管理: the county administrator's townships, villages and talk rooms (create, rename, deactivate). */
export function OrganisationPage() {
  const { t } = useI18n();
  const { ep } = useAuth();
  const org = useApi(() => ep.organisation(), [ep]);
  const rooms = useApi(() => allTalkRooms(ep), [ep]);
  const [notice, setNotice] = useState('');
  const reload = () => {
    org.reload();
    rooms.reload();
  };

  const [townshipName, setTownshipName] = useState('');
  const addTownship = useSubmit(async () => {
    const { township, mediationRoom } = await ep.createTownship({ name: townshipName.trim() });
    setNotice(t('admin.org.created', { name: township.name, room: mediationRoom.name }));
    setTownshipName('');
    reload();
  });

  const [villageTownship, setVillageTownship] = useState('');
  const [villageName, setVillageName] = useState('');
  const activeTownships = org.data?.townships.filter((x) => x.active) ?? [];
  const chosenTownship = villageTownship || activeTownships[0]?.id || '';
  const addVillage = useSubmit(async () => {
    const { village, talkRoom } = await ep.createVillage({ townshipId: chosenTownship, name: villageName.trim() });
    setNotice(t('admin.org.created', { name: village.name, room: talkRoom.name }));
    setVillageName('');
    reload();
  });

  const roomsOf = (pred: (r: TalkRoom) => boolean) => rooms.data?.filter(pred) ?? [];
  const saveRoom = (id: string) => async (patch: { name?: string; active?: boolean }) => {
    await ep.updateTalkRoom(id, patch);
    reload();
  };

  return (
    <div className="admin-page">
      <h1>{t('admin.org.title')}</h1>
      <p>{t('admin.org.intro')}</p>
      <div className="admin-forms">
        <section className="card" aria-labelledby="add-township-h">
          <h2 id="add-township-h">{t('admin.org.addTownship')}</h2>
          <form className="form-grid" onSubmit={addTownship.onSubmit}>
            <label>
              {t('admin.org.townshipName')}
              <input name="townshipName" value={townshipName} onChange={(e) => setTownshipName(e.target.value)} required maxLength={64} placeholder={t('admin.org.townshipExample')} />
            </label>
            <button type="submit" className="primary-button" disabled={addTownship.busy || !townshipName.trim()}>
              {t('admin.org.addTownship')}
            </button>
            <ErrorNote error={addTownship.error} />
          </form>
        </section>
        <section className="card" aria-labelledby="add-village-h">
          <h2 id="add-village-h">{t('admin.org.addVillage')}</h2>
          <form className="form-grid" onSubmit={addVillage.onSubmit}>
            <SelectField label={t('admin.org.township')} name="villageTownship" value={chosenTownship} onChange={(e) => setVillageTownship(e.target.value)} required choices={activeTownships.map((x) => ({ value: x.id, label: x.name }))} />
            <label>
              {t('admin.org.villageName')}
              <input name="villageName" value={villageName} onChange={(e) => setVillageName(e.target.value)} required maxLength={64} placeholder={t('admin.org.villageExample')} />
            </label>
            <button type="submit" className="primary-button" disabled={addVillage.busy || !villageName.trim() || !chosenTownship}>
              {t('admin.org.addVillage')}
            </button>
            <ErrorNote error={addVillage.error} />
          </form>
        </section>
      </div>
      <p role="status" className="admin-notice" data-testid="admin-notice">
        {notice}
      </p>
      <ErrorNote error={org.error ?? rooms.error} />
      {(!org.data || !rooms.data) && !org.error && !rooms.error && <Loading />}
      {org.data && rooms.data && org.data.townships.length === 0 && <p>{t('admin.org.none')}</p>}
      {org.data &&
        rooms.data &&
        org.data.townships.map((tw) => (
          <section key={tw.id} className="card township-card" aria-labelledby={`tw-${tw.id}`} data-testid="township">
            <div className="page-head">
              <h2 id={`tw-${tw.id}`}>
                {tw.name} <ActiveBadge active={tw.active} />
              </h2>
              <DivisionActions name={tw.name} active={tw.active} save={async (p) => {
                  await ep.updateTownship(tw.id, p);
                  reload();
                }} />
            </div>
            {roomsOf((r) => r.townshipId === tw.id && r.kind === 'TOWNSHIP_MEDIATION_ROOM').map((r) => (
              <p key={r.id} className="room-line">
                {r.name} <ActiveBadge active={r.active} /> <Link to={`/admin/devices?room=${r.id}`}>{t('admin.org.devices')}</Link>{' '}
                <DivisionActions name={r.name} active={r.active} save={saveRoom(r.id)} room />
              </p>
            ))}
            {tw.villages.length === 0 ? (
              <p>{t('admin.org.noVillages')}</p>
            ) : (
              <table className="data-table">
                <caption className="visually-hidden">{t('admin.org.villages', { count: tw.villages.length })}</caption>
                <ColumnHeads columns={[t('admin.name'), t('admin.status'), t('admin.org.rooms'), t('admin.staff.actions')]} />
                <tbody>
                  {tw.villages.map((v) => (
                    <tr key={v.id}>
                      <th scope="row">{v.name}</th>
                      <td>
                        <ActiveBadge active={v.active} />
                      </td>
                      <td>
                        {roomsOf((r) => r.villageId === v.id).map((r) => (
                          <div key={r.id} className="room-line">
                            {r.name} {!r.active && <ActiveBadge active={false} />} <Link to={`/admin/devices?room=${r.id}`}>{t('admin.org.devices')}</Link>{' '}
                            <DivisionActions name={r.name} active={r.active} save={saveRoom(r.id)} room />
                          </div>
                        ))}
                      </td>
                      <td>
                        <DivisionActions name={v.name} active={v.active} save={async (p) => {
                            await ep.updateVillage(v.id, p);
                            reload();
                          }} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        ))}
    </div>
  );
}
