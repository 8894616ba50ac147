import { useState } from 'react';
import { hasMessage, useI18n, type MessageKey } from '../i18n';
import type { Session } from '../api/types';
import type { ApiError } from '../api/client';
import { useAuth } from '../app/auth';
import { navigate } from '../app/router';
import { ErrorNote, useFormat } from '../app/ui';
import { asApiError } from '../app/useApi';

/**
 * 邀请我参加的视频调解: each mediation the lawyer is invited to, by what it is about (the
 * case number, the dispute's kind, the parties' names, the mediator) and when, never by
 * an id; 进入视频调解 opens the room, which leads back here once it is over.
 */
export function InvitedMediations({ sessions }: { sessions: Session[] }) {
  const { t } = useI18n();
  const { ep } = useAuth();
  const fmt = useFormat();
  const [error, setError] = useState<ApiError | null>(null);
  if (sessions.length === 0) return <p>{t('lw.invited.none')}</p>;
  const enter = async (s: Session) => {
    setError(null);
    try {
      const j = await ep.joinToken(s.id);
      navigate(`/room/${encodeURIComponent(j.roomId)}#token=${encodeURIComponent(j.token)}&back=${encodeURIComponent('/lawyer/consultations')}`);
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <>
      <ul className="plain invited-list">
        {sessions.map((s) => {
          const a = s.about;
          const category = a?.category && hasMessage(`category.${a.category}`) ? t(`category.${a.category}` as MessageKey) : '';
          return (
            <li key={s.id} data-testid="session">
              <p className="invited-case">
                <strong data-testid="invited-case-number">{a?.caseNumber ?? t('lw.invited.noNumber')}</strong> {category && <span>{t('lw.invited.category', { category })}</span>}
              </p>
              <p data-testid="invited-parties">{t('lw.invited.parties', { names: a?.partyNames.length ? a.partyNames.join('、') : '—' })}</p>
              <p className="note">
                {t('lw.invited.when', { when: s.scheduledAt ? fmt.dateTime(s.scheduledAt) : t('session.unscheduled'), host: a?.hostName ?? '—' })} ·{' '}
                {t(s.endedAt ? 'session.ended' : s.startedAt ? 'session.live' : 'session.planned')}
              </p>
              {!s.endedAt && !s.cancelledAt && (
                <button type="button" className="primary-button small" onClick={() => void enter(s)}>
                  {t('session.enter')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <ErrorNote error={error} />
    </>
  );
}
