import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import type { ApiError } from '../api/client';
import type { FollowUp, Outcome, OutcomeType } from '../api/types';
import { useAuth } from '../app/auth';
import { ErrorNote } from '../app/ui';
import { asApiError } from '../app/useApi';

const OUTCOME_TYPES: OutcomeType[] = ['VERBAL_AGREEMENT', 'WRITTEN_AGREEMENT', 'FAILED', 'REFERRED'];

/** 记录调解结果 while the case is IN_MEDIATION (a written agreement is then signed by the parties in the room). */
export function OutcomeForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const [type, setType] = useState<OutcomeType>('VERBAL_AGREEMENT');
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = type === 'WRITTEN_AGREEMENT' ? { type, terms: text } : type === 'VERBAL_AGREEMENT' ? { type, verbalContent: text } : { type, reason: text };
    try {
      await ep.recordOutcome(caseId, body);
      setText('');
      onDone();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid compact" onSubmit={(e) => void submit(e)} aria-labelledby="outcome-form-h">
      <h3 id="outcome-form-h" className="wide">
        {t('outcomeForm.title')}
      </h3>
      <label>
        {t('outcomeForm.type')}
        <select name="outcomeType" value={type} onChange={(e) => setType(e.target.value as OutcomeType)}>
          {OUTCOME_TYPES.map((o) => (
            <option key={o} value={o}>
              {t(`outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        {t(type === 'WRITTEN_AGREEMENT' ? 'outcomeForm.terms' : type === 'VERBAL_AGREEMENT' ? 'outcomeForm.content' : 'outcomeForm.reason')}
        <textarea name="outcomeText" value={text} onChange={(e) => setText(e.target.value)} required maxLength={type === 'FAILED' || type === 'REFERRED' ? 1000 : 5000} rows={3} />
      </label>
      <button type="submit" className="primary-button" disabled={busy}>
        {t('outcomeForm.submit')}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

/** 回访: record how the agreement was kept. */
export function FollowUpForm({ followUp, onDone }: { followUp: FollowUp; onDone: () => void }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const [result, setResult] = useState<'FULFILLED' | 'PARTLY' | 'NOT_FULFILLED'>('FULFILLED');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ep.recordFollowUp(followUp.id, { result, ...(notes.trim() ? { notes: notes.trim() } : {}) });
      onDone();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-grid compact" onSubmit={(e) => void submit(e)}>
      <label>
        {t('followUps.result')}
        <select name="followUpResult" value={result} onChange={(e) => setResult(e.target.value as typeof result)}>
          {(['FULFILLED', 'PARTLY', 'NOT_FULFILLED'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`followUp.result.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        {t('followUpForm.notes')}
        <textarea name="followUpNotes" value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={2000} rows={2} />
      </label>
      <button type="submit" className="primary-button" disabled={busy}>
        {t('followUpForm.submit')}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

/** Opens the agreement PDF (fetched with the sign-in; a plain link could not carry it). */
export function AgreementButton({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const [error, setError] = useState<ApiError | null>(null);
  const open = async () => {
    setError(null);
    try {
      const url = URL.createObjectURL(await ep.agreementPdf(outcome.id));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <>
      <button type="button" className="link-button" onClick={() => void open()}>
        {t('outcome.document')}
      </button>
      <ErrorNote error={error} />
    </>
  );
}
