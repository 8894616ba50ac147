import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Link, useLocation } from '../app/router';
import { Card, ErrorNote, Loading, useFormat } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';
import { SelectField, choices } from '../app/fields';
import type { ApiError } from '../api/client';
import { CATEGORIES, type DisputeCategory } from '../api/types';
import { openRoom, type CaseMade } from './api';
import { useLawyerApi } from './useLawyer';
import { useTalkRoomNames } from './useTalkRooms';
import './lawyer.css';

/** 咨询记录: after the call, the record (summary, advice, category, should it become a case), then 立案 or 转镇调解. */
export function RecordPage({ consultationId }: { consultationId: string }) {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const lw = useLawyerApi();
  const fmt = useFormat();
  const roomName = useTalkRoomNames();
  const { search } = useLocation();
  const q = useApi(() => lw.consultation(consultationId), [lw, consultationId]);
  const [draft, setDraft] = useState({ questionSummary: '', advice: '', category: '' as DisputeCategory | '', shouldBecomeCase: false });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<CaseMade | null>(null);
  const [roomBlocked, setRoomBlocked] = useState(search.get('room') === 'blocked');

  const c = q.data;
  useEffect(() => {
    if (c) setDraft((d) => (d.questionSummary || d.advice ? d : { questionSummary: c.questionSummary ?? c.question, advice: c.advice ?? '', category: c.topic, shouldBecomeCase: c.shouldBecomeCase ?? false }));
  }, [c]);
  // a case made earlier: its number
  const caseOf = useApi(() => (c?.caseId && !made ? ep.case(c.caseId) : Promise.resolve(null)), [ep, c?.caseId, made]);

  const enterRoom = async () => {
    setError(null);
    try {
      const sessions = await ep.mySessions();
      const s = sessions.items.find((x) => x.consultationId === consultationId && !x.endedAt);
      if (!s) return setError(asApiError(new Error(t('lw.room.none'))));
      const j = await ep.joinToken(s.id);
      setRoomBlocked(!openRoom(j));
    } catch (err) {
      setError(asApiError(err));
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await lw.answer(consultationId, { questionSummary: draft.questionSummary.trim(), advice: draft.advice.trim(), shouldBecomeCase: draft.shouldBecomeCase, ...(draft.category ? { category: draft.category } : {}) });
      q.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const toCase = async (to: 'CASE' | 'TOWNSHIP') => {
    setBusy(true);
    setError(null);
    try {
      setMade(await lw.toCase(consultationId, to));
      q.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  if (q.error) return <ErrorNote error={q.error} />;
  if (!c) return <Loading />;
  const answered = c.status === 'ANSWERED';
  const mine = c.lawyerId === staff?.id;
  const caseNumber = made?.caseNumber ?? caseOf.data?.caseNumber;
  const caseId = made?.caseId ?? c.caseId;
  return (
    <>
      <p>
        <Link to="/lawyer">{t('lw.back')}</Link>
      </p>
      <h1>{t('lw.record.title')}</h1>
      <dl className="facts" data-testid="consultation-facts">
        <dt>{t('lw.talkRoom')}</dt>
        <dd>{roomName(c.talkRoomId)}</dd>
        <dt>{t('lw.topic')}</dt>
        <dd>{t(`category.${c.topic}`)}</dd>
        <dt>{t('lw.requestedAt')}</dt>
        <dd>{fmt.dateTime(c.requestedAt)}</dd>
        <dt>{t('lw.status')}</dt>
        <dd data-testid="consultation-status">{t(`consultation.${c.status}`)}</dd>
      </dl>
      {c.question && <p className="description">{c.question}</p>}
      {!answered && mine && (
        <div className="actions">
          <button type="button" className="primary-button secondary" onClick={() => void enterRoom()}>
            {t('lw.room.enter')}
          </button>
          {roomBlocked && <span>{t('lw.room.blocked')}</span>}
        </div>
      )}
      <ErrorNote error={error} />
      {!answered && mine && (
        <Card id="record" title={t('lw.record.form')}>
          <form className="form-grid" onSubmit={(e) => void save(e)}>
            <label className="wide">
              {t('lw.record.summary')}
              <textarea name="questionSummary" required maxLength={1000} rows={3} value={draft.questionSummary} onChange={(e) => setDraft({ ...draft, questionSummary: e.target.value })} />
            </label>
            <label className="wide">
              {t('lw.record.advice')}
              <textarea name="advice" required maxLength={5000} rows={6} value={draft.advice} onChange={(e) => setDraft({ ...draft, advice: e.target.value })} />
            </label>
            <SelectField label={t('lw.record.category')} name="category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as DisputeCategory })} choices={choices(CATEGORIES, (k) => t(`category.${k}`))} />
            <label className="check">
              <input type="checkbox" name="shouldBecomeCase" checked={draft.shouldBecomeCase} onChange={(e) => setDraft({ ...draft, shouldBecomeCase: e.target.checked })} />
              {t('lw.record.shouldBecomeCase')}
            </label>
            <div className="wide">
              <button type="submit" className="primary-button" disabled={busy}>
                {t('lw.record.save')}
              </button>
            </div>
          </form>
        </Card>
      )}
      {!answered && !mine && <p>{t('lw.record.notMine')}</p>}
      {answered && (
        <Card id="record" title={t('lw.record.saved')}>
          <dl className="facts">
            <dt>{t('lw.record.summary')}</dt>
            <dd data-testid="record-summary">{c.questionSummary}</dd>
            <dt>{t('lw.record.shouldBecomeCase')}</dt>
            <dd>{t(c.shouldBecomeCase ? 'lw.yes' : 'lw.no')}</dd>
            <dt>{t('lw.record.advice')}</dt>
            <dd className="pre">{c.advice}</dd>
            <dt>{t('lw.answeredAt')}</dt>
            <dd>{fmt.dateTime(c.answeredAt)}</dd>
          </dl>
          {caseId ? (
            <p className="case-made" role="status" data-testid="case-made">
              {t('lw.case.made')}{' '}
              <Link to={`/cases/${caseId}`} data-testid="case-link">
                {caseNumber ?? t('lw.case.open')}
              </Link>
              {made && <span className="muted"> · {t(`level.${made.handlingLevel as 'VILLAGE' | 'TOWNSHIP' | 'COUNTY'}`)}</span>}
            </p>
          ) : (
            mine && (
              <div className="actions">
                <p className="wide">{t(c.shouldBecomeCase ? 'lw.case.suggested' : 'lw.case.optional')}</p>
                <button type="button" className="primary-button" disabled={busy} onClick={() => void toCase('CASE')}>
                  {t('lw.case.toCase')}
                </button>
                <button type="button" className="primary-button" disabled={busy} onClick={() => void toCase('TOWNSHIP')}>
                  {t('lw.case.toTownship')}
                </button>
              </div>
            )
          )}
        </Card>
      )}
    </>
  );
}
