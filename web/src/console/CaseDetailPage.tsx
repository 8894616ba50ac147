import { useState } from 'react';
import { hasMessage, useI18n } from '../i18n';
import { CASE_STATUSES, type CaseDetail, type InviteCode, type Session } from '../api/types';
import type { ApiError } from '../api/client';
import { useAuth } from '../app/auth';
import { Link, navigate } from '../app/router';
import { Card, ErrorNote, Loading, useFormat } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';
import { useOrganisation } from './useOrganisation';
import { AgreementButton, FollowUpForm, OutcomeForm } from './CaseForms';
import { InviteShare, partyLink } from './InviteShare';
import { CaseNotes } from './CaseNotes';
import { CaseRecordings } from './CaseRecordings';

/** 案件详情: the whole file of a case (audited read) with its next step. */
export function CaseDetailPage({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const fmt = useFormat();
  const org = useOrganisation();
  const { data: c, error, reload } = useApi(() => ep.case(caseId), [ep, caseId]);
  const [actionError, setActionError] = useState<ApiError | null>(null);

  if (error) return <ErrorNote error={error} />;
  if (!c) return <Loading />;
  const next = CASE_STATUSES[CASE_STATUSES.indexOf(c.status) + 1];
  const canWork = staff?.role === 'TOWNSHIP_MEDIATOR' || staff?.role === 'VILLAGE_OPERATOR';
  const partyName = (id: string | null) => c.parties.find((p) => p.id === id)?.name ?? '—';

  const advance = async () => {
    if (!next) return;
    setActionError(null);
    try {
      await ep.transition(c.id, next);
      reload();
    } catch (err) {
      setActionError(asApiError(err));
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>
          {t('case.title')} <span data-testid="case-number">{c.caseNumber}</span>
        </h1>
        <span className={`badge status-${c.status}`} data-testid="case-status">
          {t(`status.${c.status}`)}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('case.category')}</dt>
        <dd>{t(`category.${c.category}`)}</dd>
        <dt>{t('case.channel')}</dt>
        <dd>{t(`channel.${c.intakeChannel}`)}</dd>
        <dt>{t('case.level')}</dt>
        <dd>{t(`level.${c.handlingLevel}`)}</dd>
        <dt>{t('case.township')}</dt>
        <dd>{org.townshipName(c.townshipId)}</dd>
        <dt>{t('case.village')}</dt>
        <dd>{org.villageName(c.villageId)}</dd>
        <dt>{t('case.acceptedAt')}</dt>
        <dd>{fmt.dateTime(c.acceptedAt)}</dd>
      </dl>
      <p className="description" data-testid="case-description">
        {c.description}
      </p>
      {canWork && (
        <div className="actions">
          {next && (
            <button type="button" className="primary-button" onClick={() => void advance()}>
              {t('case.advance', { status: t(`status.${next}`) })}
            </button>
          )}
          {c.status !== 'CLOSED' && (
            <Link to={`/cases/${c.id}/schedule`} className="primary-button secondary">
              {t('case.schedule')}
            </Link>
          )}
        </div>
      )}
      <ErrorNote error={actionError} />

      <div className="grid-2">
        <Card id="parties" title={t('case.parties')}>
          <ul className="plain">
            {c.parties.map((p) => (
              <li key={p.id}>
                <strong>{p.name}</strong> · {t(`side.${p.side}`)}
                {p.idNumberMasked ? ` · ${p.idNumberMasked}` : ''}
                {p.phone ? ` · ${p.phone}` : ''}
                {p.villageId || p.address ? ` · ${t('case.partyAddress', { address: [p.villageId && !p.address?.includes(org.villageName(p.villageId)) ? org.villageName(p.villageId) : '', p.address ?? ''].join('') })}` : ''}
              </li>
            ))}
          </ul>
        </Card>
        <Card id="timeline" title={t('case.timeline')}>
          <ol className="timeline" data-testid="timeline">
            {c.timeline.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{fmt.dateTime(e.at)}</time> {hasMessage(`event.${e.type}`) ? t(`event.${e.type}` as 'event.NOTE') : e.type}
                {eventDetail(e.payload, (st) => (hasMessage(`status.${st}`) ? t(`status.${st}` as 'status.CLOSED') : st))}
              </li>
            ))}
          </ol>
        </Card>
        <Card id="sessions" title={t('case.sessions')}>
          <SessionList sessions={c.sessions} partyName={partyName} canIssue={canWork} />
        </Card>
        {canWork && (
          <Card id="notes" title={t('case.notes')}>
            <CaseNotes caseId={c.id} sessions={c.sessions} />
          </Card>
        )}
        <Card id="recordings" title={t('case.recordings')}>
          <CaseRecordings caseId={c.id} />
        </Card>
        <Card id="outcomes" title={t('case.outcomes')}>
          <Outcomes c={c} />
          {canWork && c.status === 'IN_MEDIATION' && <OutcomeForm caseId={c.id} onDone={reload} />}
        </Card>
        <Card id="follow-ups" title={t('case.followUps')}>
          {c.followUps.length === 0 && <p>{t('case.noFollowUps')}</p>}
          <ul className="plain">
            {c.followUps.map((f) => (
              <li key={f.id}>
                {t('followUp.due', { date: fmt.date(f.dueAt) })} · {f.doneAt ? `${t('followUp.done')} ${f.result ? t(`followUp.result.${f.result}`) : ''}` : t('followUp.pending')}
                {f.notes ? ` · ${f.notes}` : ''}
                {canWork && !f.doneAt && <FollowUpForm followUp={f} onDone={reload} />}
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

/** A status change's new status, in words. */
function eventDetail(payload: unknown, status: (s: string) => string): string {
  if (!payload || typeof payload !== 'object') return '';
  const p = payload as Record<string, unknown>;
  return typeof p.to === 'string' ? ` → ${status(p.to)}` : '';
}

function Outcomes({ c }: { c: CaseDetail }) {
  const { t } = useI18n();
  const fmt = useFormat();
  if (c.outcomes.length === 0) return <p>{t('case.noOutcome')}</p>;
  return (
    <ul className="plain">
      {c.outcomes.map((o) => (
        <li key={o.id}>
          <strong>{t(`outcome.${o.type}`)}</strong> · {fmt.dateTime(o.recordedAt)}
          <p>{o.terms ?? o.verbalContent ?? o.reason}</p>
          {o.type === 'WRITTEN_AGREEMENT' && (
            <p>
              {o.signedAt ? t('outcome.signed', { date: fmt.date(o.signedAt), deadline: fmt.date(o.judicialConfirmationDeadline) }) : t('outcome.unsigned', { n: o.signatures.length })}
            </p>
          )}
          {o.type === 'WRITTEN_AGREEMENT' && <AgreementButton outcome={o} />}
        </li>
      ))}
    </ul>
  );
}

export function SessionList({ sessions, partyName, canIssue = false }: { sessions: Session[]; partyName: (id: string | null) => string; canIssue?: boolean }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const [error, setError] = useState<ApiError | null>(null);
  const [issued, setIssued] = useState<InviteCode | null>(null);
  const issue = async (s: Session, partyId: string) => {
    setError(null);
    try {
      setIssued(await ep.inviteCode(s.id, partyId));
    } catch (err) {
      setError(asApiError(err));
    }
  };
  if (sessions.length === 0) return <p>{t('case.noSessions')}</p>;
  const enter = async (s: Session) => {
    try {
      const j = await ep.joinToken(s.id);
      navigate(`/room/${encodeURIComponent(j.roomId)}#token=${encodeURIComponent(j.token)}&session=${encodeURIComponent(s.id)}&back=${encodeURIComponent(`/cases/${s.caseId}`)}`);
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <>
      <ul className="plain">
        {sessions.map((s) => (
          <li key={s.id} data-testid="session" data-session-id={s.id} data-session-state={s.endedAt ? 'ended' : s.startedAt ? 'live' : 'planned'}>
            {s.scheduledAt ? fmt.dateTime(s.scheduledAt) : t('session.unscheduled')} · <strong data-testid="session-state">{t(s.endedAt ? 'session.ended' : s.startedAt ? 'session.live' : 'session.planned')}</strong>
            {(s.startedAt || s.endedAt) && (
              <span className="session-times" data-testid="session-times">
                {s.startedAt && ` · ${t('session.startedAt', { time: fmt.dateTime(s.startedAt) })}`}
                {s.endedAt && ` · ${t('session.endedAt', { time: fmt.dateTime(s.endedAt) })}`}
              </span>
            )}{' '}
            ·{' '}
            {t('session.invitees', { rooms: s.invites.filter((i) => i.talkRoomId).length, parties: s.invites.filter((i) => i.partyId).map((i) => partyName(i.partyId)).join('、') || '—', staff: s.invites.filter((i) => i.staffId).length })}
            {!s.endedAt && !s.cancelledAt && (
              <button type="button" className="link-button" onClick={() => void enter(s)}>
                {t('session.enter')}
              </button>
            )}
            {canIssue &&
              !s.endedAt &&
              !s.cancelledAt &&
              s.invites.flatMap((i) =>
                i.partyId ? [
                  <button key={i.id} type="button" className="link-button" onClick={() => void issue(s, i.partyId!)}>
                    {t('session.newCode', { name: partyName(i.partyId) })}
                  </button>,
                ] : [],
              )}
            {issued && issued.sessionId === s.id && !s.endedAt && (
              <div className="issued-code" role="status">
                <p>
                  {t('session.codeIssued', { name: partyName(issued.partyId) })} <span className="invite-code" data-testid="reissued-code">{issued.code}</span>{' '}
                  {t('schedule.expires', { time: fmt.dateTime(issued.expiresAt) })}
                </p>
                <InviteShare
                  partyName={partyName(issued.partyId)}
                  code={issued.code}
                  link={partyLink(s)}
                  when={s.scheduledAt ? fmt.dateTime(s.scheduledAt) : t('session.unscheduled')}
                  expires={fmt.dateTime(issued.expiresAt)}
                />
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={error} />
    </>
  );
}
