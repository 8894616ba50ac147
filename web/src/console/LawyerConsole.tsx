import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Card, ErrorNote, Loading, useFormat } from '../app/ui';
import { useApi } from '../app/useApi';
import { SessionList } from './CaseDetailPage';

/** 法律顾问: consultations (the county queue and their own) and the sessions they are invited to. The live queue comes later. */
export function LawyerConsole() {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const consultations = useApi(() => ep.consultations(), [ep]);
  const sessions = useApi(() => ep.mySessions(), [ep]);
  return (
    <>
      <h1>{t('lawyer.title')}</h1>
      <Card id="my-sessions" title={t('lawyer.sessions')}>
        <ErrorNote error={sessions.error} />
        {sessions.data ? <SessionList sessions={sessions.data.items} partyName={() => '—'} /> : <Loading />}
      </Card>
      <Card id="consultations" title={t('lawyer.consultations')}>
        <ErrorNote error={consultations.error} />
        {!consultations.data && <Loading />}
        {consultations.data && consultations.data.items.length === 0 && <p>{t('lawyer.none')}</p>}
        <ul className="plain" data-testid="consultations">
          {consultations.data?.items.map((q) => (
            <li key={q.id}>
              <strong>{t(`category.${q.topic}`)}</strong> · {t(`consultation.${q.status}`)} · {fmt.dateTime(q.requestedAt)}
              <p>{q.question}</p>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
