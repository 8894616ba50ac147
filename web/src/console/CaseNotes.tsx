import { useI18n } from '../i18n';
import type { Session } from '../api/types';
import { useAuth } from '../app/auth';
import { ErrorNote, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';

/** 调解笔录: the mediator's notes of each session, as saved from the room (only the case's handlers read them; audited). */
export function CaseNotes({ caseId, sessions }: { caseId: string; sessions: Session[] }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const notes = useApi(() => ep.caseNotes(caseId), [ep, caseId]);
  const when = (sessionId: string) => {
    const s = sessions.find((x) => x.id === sessionId);
    const at = s?.startedAt ?? s?.scheduledAt;
    return at ? fmt.dateTime(at) : t('session.unscheduled');
  };
  return (
    <>
      <ErrorNote error={notes.error} />
      {notes.data && notes.data.length === 0 && <p>{t('case.noNotes')}</p>}
      {notes.data?.map((n) => (
        <article key={n.sessionId} className="case-notes" data-testid="case-notes">
          <h3>{t('case.notesOf', { when: when(n.sessionId) })}</h3>
          <p className="notes-text">{n.text}</p>
          {n.updatedAt && <p className="note">{t('case.notesSaved', { at: fmt.dateTime(n.updatedAt) })}</p>}
        </article>
      ))}
    </>
  );
}
