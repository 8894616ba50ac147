import { useState } from 'react';
import { useI18n } from '../i18n';
import { CATEGORIES, INTAKE_CHANNELS, type DisputeCategory, type IntakeChannel, type PartySide } from '../api/types';
import { ApiError } from '../api/client';
import { useAuth } from '../app/auth';
import { navigate } from '../app/router';
import { ErrorNote } from '../app/ui';
import { useSubmit } from '../app/useSubmit';
import { SelectField, choices } from '../app/fields';
import { useOrganisation } from './useOrganisation';

/** A party as typed at intake; `villageId` '' follows the case's village, `address` is their own (住址 on the agreement). */
interface PartyDraft { name: string; idNumber: string; phone: string; side: PartySide; villageId: string; address: string }
const emptyParty = (side: PartySide): PartyDraft => ({ name: '', idNumber: '', phone: '', side, villageId: '', address: '' });

/** 受理: register the parties (or find them by ID number) and open the case. */
export function IntakePage() {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const org = useOrganisation();
  const [villageId, setVillageId] = useState(staff?.villageId ?? '');
  const [category, setCategory] = useState<DisputeCategory>('NEIGHBOUR');
  const [channel, setChannel] = useState<IntakeChannel>('WALK_IN');
  const [description, setDescription] = useState('');
  const [parties, setParties] = useState<PartyDraft[]>([emptyParty('A'), emptyParty('B')]);

  const setParty = (i: number, k: keyof PartyDraft, v: string) => setParties(parties.map((p, j) => (j === i ? { ...p, [k]: v } : p)));

  async function partyId(p: PartyDraft): Promise<string> {
    const idNumber = p.idNumber.trim() || undefined;
    try {
      const ownVillage = p.villageId || villageId || undefined;
      return (await ep.createParty({ name: p.name.trim(), idNumber, phone: p.phone.trim() || undefined, villageId: ownVillage, address: p.address.trim() || undefined })).id;
    } catch (err) {
      // already registered with this ID number: the same person
      if (idNumber && err instanceof ApiError && (err.code === 'PARTY_EXISTS' || err.code === 'DUPLICATE_PARTY')) return (await ep.lookUpParty(idNumber)).id;
      throw err;
    }
  }

  const { busy, error, onSubmit } = useSubmit(
    async () => {
      const filled = parties.filter((p) => p.name.trim());
      const ids = [];
      for (const p of filled) ids.push({ partyId: await partyId(p), side: p.side });
      const c = await ep.openCase({ villageId: villageId || undefined, category, intakeChannel: channel, description: description.trim(), parties: ids });
      navigate(`/cases/${c.id}`);
    },
    { leavesPage: true },
  );

  return (
    <>
      <h1>{t('intake.title')}</h1>
      <form className="form-grid" onSubmit={onSubmit}>
        <SelectField
          label={t('case.village')}
          name="villageId"
          value={villageId}
          onChange={(e) => setVillageId(e.target.value)}
          required={staff?.role === 'VILLAGE_OPERATOR'}
          first={[{ value: '', label: t('intake.noVillage') }]}
          choices={org.villages.map((v) => ({ value: v.id, label: v.name }))}
        />
        <SelectField label={t('case.category')} name="category" value={category} onChange={(e) => setCategory(e.target.value as DisputeCategory)} choices={choices(CATEGORIES, (c) => t(`category.${c}`))} />
        <SelectField label={t('case.channel')} name="intakeChannel" value={channel} onChange={(e) => setChannel(e.target.value as IntakeChannel)} choices={choices(INTAKE_CHANNELS, (c) => t(`channel.${c}`))} />
        <label className="wide">
          {t('case.description')}
          <textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} required maxLength={2000} rows={4} />
        </label>
        <fieldset className="wide">
          <legend>{t('case.parties')}</legend>
          {parties.map((p, i) => (
            <div className="party-row" key={i} role="group" aria-label={t('intake.partyN', { n: i + 1 })}>
              <label>
                {t('intake.partyName')}
                <input name={`party-${i}-name`} value={p.name} onChange={(e) => setParty(i, 'name', e.target.value)} required={i === 0} maxLength={64} />
              </label>
              <SelectField label={t('intake.partySide')} name={`party-${i}-side`} value={p.side} onChange={(e) => setParty(i, 'side', e.target.value)} choices={choices(['A', 'B', 'OTHER'] as const, (s) => t(`side.${s}`))} />
              <label>
                {t('intake.partyIdNumber')}
                <input name={`party-${i}-id`} value={p.idNumber} onChange={(e) => setParty(i, 'idNumber', e.target.value)} maxLength={24} autoComplete="off" />
              </label>
              <label>
                {t('intake.partyPhone')}
                <input name={`party-${i}-phone`} type="tel" value={p.phone} onChange={(e) => setParty(i, 'phone', e.target.value)} maxLength={20} />
              </label>
              <SelectField
                label={t('intake.partyVillage')}
                name={`party-${i}-village`}
                value={p.villageId}
                onChange={(e) => setParty(i, 'villageId', e.target.value)}
                first={[{ value: '', label: villageId ? t('intake.sameVillage', { village: org.villageName(villageId) }) : t('intake.partyVillageNone') }]}
                choices={org.villages.map((v) => ({ value: v.id, label: v.name }))}
              />
              <label className="party-address">
                {t('intake.partyAddress')}
                <input name={`party-${i}-address`} value={p.address} onChange={(e) => setParty(i, 'address', e.target.value)} maxLength={200} placeholder={t('intake.partyAddressHint')} />
              </label>
              {parties.length > 1 && (
                <button type="button" className="link-button" onClick={() => setParties(parties.filter((_, j) => j !== i))}>
                  {t('intake.removeParty', { n: i + 1 })}
                </button>
              )}
            </div>
          ))}
          <button type="button" className="link-button" onClick={() => setParties([...parties, emptyParty('OTHER')])} disabled={parties.length >= 20}>
            {t('intake.addParty')}
          </button>
        </fieldset>
        <button type="submit" className="primary-button" disabled={busy}>
          {t('intake.submit')}
        </button>
        <ErrorNote error={error} />
      </form>
    </>
  );
}
