import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import type { InviteCode, Session } from '../api/types';
import type { ApiError } from '../api/client';
import { useAuth } from '../app/auth';
import { Link } from '../app/router';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';
import { InviteShare, partyLink } from './InviteShare';

/** 安排视频调解: a session for the case, inviting talk rooms, parties (invite codes) and a lawyer. */
export function SchedulePage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const { data: c, error } = useApi(() => ep.case(caseId), [ep, caseId]);
  const rooms = useApi(() => (c ? ep.talkRooms({ townshipId: c.townshipId }) : Promise.resolve(undefined)), [ep, c?.townshipId]);
  const lawyers = useApi(() => ep.staff({ role: 'COUNTY_LEGAL_ADVISOR' }), [ep]);
  const [when, setWhen] = useState('');
  const [roomIds, setRoomIds] = useState<string[] | null>(null);
  const [partyIds, setPartyIds] = useState<string[] | null>(null);
  const [staffIds, setStaffIds] = useState<string[]>([]);
  const [created, setCreated] = useState<{ session: Session; codes: InviteCode[] } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (error) return <ErrorNote error={error} />;
  if (!c) return <Loading />;
  // defaults: the case's own village talk room and every party
  const ownRoom = rooms.data?.items.find((r) => r.villageId && r.villageId === c.villageId);
  const selectedRooms = roomIds ?? (ownRoom ? [ownRoom.id] : []);
  const selectedParties = partyIds ?? c.parties.map((p) => p.id);
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const session = await ep.schedule({ kind: 'MEDIATION', caseId, talkRoomIds: selectedRooms, partyIds: selectedParties, staffIds, ...(when ? { scheduledAt: new Date(when).toISOString() } : {}) });
      const codes: InviteCode[] = [];
      for (const p of selectedParties) codes.push(await ep.inviteCode(session.id, p));
      setCreated({ session, codes });
    } catch (err) {
      setFailure(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  if (created) {
    // the short link (/j/ABC-234), never the session's id: the mediator reads it out or copies it
    const link = partyLink(created.session);
    return (
      <>
        <h1>{t('schedule.done')}</h1>
        <p>{t('schedule.doneIntro', { when: created.session.scheduledAt ? fmt.dateTime(created.session.scheduledAt) : t('session.unscheduled') })}</p>
        <p>
          {t('schedule.link')} <code data-testid="join-link">{link}</code>
        </p>
        <ul className="invite-codes" data-testid="invite-codes" data-session-id={created.session.id}>
          {created.codes.map((code) => (
            <li key={code.id}>
              <span className="invite-party">{c.parties.find((p) => p.id === code.partyId)?.name}</span>
              <span className="invite-code" data-testid="invite-code" aria-label={t('schedule.codeFor', { code: code.code.split('').join(' ') })}>
                {code.code}
              </span>
              <span>{t('schedule.expires', { time: fmt.dateTime(code.expiresAt) })}</span>
              <InviteShare
                partyName={c.parties.find((p) => p.id === code.partyId)?.name ?? ''}
                code={code.code}
                link={link}
                when={created.session.scheduledAt ? fmt.dateTime(created.session.scheduledAt) : t('session.unscheduled')}
                expires={fmt.dateTime(code.expiresAt)}
              />
            </li>
          ))}
        </ul>
        <Link to={`/cases/${caseId}`} className="primary-button">
          {t('schedule.back')}
        </Link>
      </>
    );
  }

  return (
    <>
      <h1>
        {t('schedule.title')} · {c.caseNumber}
      </h1>
      <form className="form-grid" onSubmit={(e) => void submit(e)}>
        <label>
          {t('schedule.when')}
          <input type="datetime-local" name="scheduledAt" value={when} onChange={(e) => setWhen(e.target.value)} />
        </label>
        <fieldset className="wide">
          <legend>{t('schedule.rooms')}</legend>
          {rooms.data?.items.filter((r) => r.active).map((r) => (
            <label key={r.id} className="check">
              <input type="checkbox" name="talkRoom" value={r.id} checked={selectedRooms.includes(r.id)} onChange={(e) => setRoomIds(toggle(selectedRooms, r.id, e.target.checked))} />
              {r.name}
            </label>
          ))}
        </fieldset>
        <fieldset className="wide">
          <legend>{t('schedule.parties')}</legend>
          {c.parties.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" name="party" value={p.id} checked={selectedParties.includes(p.id)} onChange={(e) => setPartyIds(toggle(selectedParties, p.id, e.target.checked))} />
              {p.name} · {t(`side.${p.side}`)}
            </label>
          ))}
        </fieldset>
        <fieldset className="wide">
          <legend>{t('schedule.lawyer')}</legend>
          <ErrorNote error={lawyers.error} />
          {lawyers.data?.items.map((s) => (
            <label key={s.id} className="check">
              <input type="checkbox" name="lawyer" value={s.id} checked={staffIds.includes(s.id)} onChange={(e) => setStaffIds(toggle(staffIds, s.id, e.target.checked))} />
              {s.displayName}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary-button" disabled={busy}>
          {t('schedule.submit')}
        </button>
        <ErrorNote error={failure} />
      </form>
    </>
  );
}
