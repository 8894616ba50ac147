import { useState } from 'react';
import { useI18n } from '../i18n';
import type { ApiError } from '../api/client';
import type { FollowUp, Outcome, OutcomeType } from '../api/types';
import { useAuth } from '../app/auth';
import { ErrorNote } from '../app/ui';
import { asApiError } from '../app/useApi';
import { useSubmit } from '../app/useSubmit';
import { SelectField, choices } from '../app/fields';

const OUTCOME_TYPES: OutcomeType[] = ['VERBAL_AGREEMENT', 'WRITTEN_AGREEMENT', 'FAILED', 'REFERRED'];

/** 记录调解结果 while the case is IN_MEDIATION (a written agreement is then signed by the parties in the room). */
export function OutcomeForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const [type, setType] = useState<OutcomeType>('VERBAL_AGREEMENT');
  const [text, setText] = useState('');
  const { busy, error, onSubmit } = useSubmit(async () => {
    const body = type === 'WRITTEN_AGREEMENT' ? { type, terms: text } : type === 'VERBAL_AGREEMENT' ? { type, verbalContent: text } : { type, reason: text };
    await ep.recordOutcome(caseId, body);
    setText('');
    onDone();
  });

  return (
    <form className="form-grid compact" onSubmit={onSubmit} aria-labelledby="outcome-form-h">
      <h3 id="outcome-form-h" className="wide">
        {t('outcomeForm.title')}
      </h3>
      <SelectField label={t('outcomeForm.type')} name="outcomeType" value={type} onChange={(e) => setType(e.target.value as OutcomeType)} choices={choices(OUTCOME_TYPES, (o) => t(`outcome.${o}`))} />
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
  const { busy, error, onSubmit } = useSubmit(async () => {
    await ep.recordFollowUp(followUp.id, { result, ...(notes.trim() ? { notes: notes.trim() } : {}) });
    onDone();
  });

  return (
    <form className="form-grid compact" onSubmit={onSubmit}>
      <SelectField label={t('followUps.result')} name="followUpResult" value={result} onChange={(e) => setResult(e.target.value as typeof result)} choices={choices(['FULFILLED', 'PARTLY', 'NOT_FULFILLED'] as const, (r) => t(`followUp.result.${r}`))} />
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
