import { useEffect, useState } from 'react';
import type { CaseBrief } from '@shuoshi/protocol';
import { hasMessage, useI18n, type MessageKey } from '../../i18n';
import { useRoomValue } from '../../hooks/useRoomValue';
import type { RoomClient } from '../../room';
import { caseTitle, elapsedText, joinsFromText } from './labels';

/** The session's running time, from the server's `startedAt` (not this page's load), corrected by the server's clock. */
function SessionTimer({ startedAt, offsetMs }: { startedAt: string; offsetMs: number }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const elapsed = now + offsetMs - Date.parse(startedAt);
  return (
    <p className="session-timer" data-testid="session-timer" data-elapsed-s={Math.max(0, Math.floor(elapsed / 1000))}>
      {t('roomui.case.timer')} <time dateTime={`PT${Math.max(0, Math.floor(elapsed / 1000))}S`}>{elapsedText(elapsed)}</time>
    </p>
  );
}

/**
 * The room's heading: the case (number, kind), each party's name, side and where they
 * join from, and the session timer. The browser tab is named after the case too, never
 * a room id or a session id.
 */
export function CaseHeader({ client }: { client: RoomClient }) {
  const { t } = useI18n();
  const brief = useRoomValue(client.brief, (b) => b.brief, null);
  const offsetMs = useRoomValue(client.brief, (b) => b.clockOffsetMs, 0);
  const title = brief ? caseTitle(brief, t, hasMessage) : null;
  useEffect(() => {
    if (!brief || !title) return;
    const before = document.title;
    document.title = brief.caseNumber ? t('roomui.case.docTitle', { number: brief.caseNumber, title }) : title;
    return () => {
      document.title = before;
    };
  }, [brief, title, t]);
  if (!brief) return null;
  return (
    <section className="case-header" aria-labelledby="case-title" data-testid="case-header">
      <div className="case-heading">
        <h2 id="case-title">{title}</h2>
        {brief.caseNumber && (
          <p className="case-number" data-testid="room-case-number">
            {t('roomui.case.number', { number: brief.caseNumber })}
          </p>
        )}
        {brief.startedAt && <SessionTimer startedAt={brief.startedAt} offsetMs={offsetMs} />}
      </div>
      {brief.parties.length > 0 && (
        <ul className="case-parties" aria-label={t('roomui.case.parties')}>
          {brief.parties.map((p, i) => (
            <li key={i} data-testid="case-party" data-side={p.side}>
              <span className={`side side-${p.side}`}>{t(`side.${p.side}` as MessageKey)}</span> <strong>{p.name}</strong>
              {p.joinsFrom && <span className="joins-from">{joinsFromText(p.joinsFrom, t)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
