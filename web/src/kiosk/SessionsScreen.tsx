import { useCallback, useEffect, useState } from 'react';
import { hasMessage, useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { ApiError } from '../api/client';
import type { Page } from '../api/types';
import { api, errorCode, type SessionItem } from './api';
import type { StoredDevice } from '../device/storage';
import { todays } from './sessions';
import { kioskErrorText } from './error-text';

interface Props {
  device: StoredDevice;
  onPick(s: SessionItem): void;
  onRevoked(): void;
  onListed(): void;
}

/** Home: today's sessions for this talk room (GET /api/sessions as the device), one big button each. */
export function SessionsScreen({ device, onPick, onRevoked, onListed }: Props) {
  const { t, locale } = useI18n();
  const [items, setItems] = useState<SessionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const page = await api<Page<SessionItem>>('/sessions?active=true&pageSize=50', { token: device.token });
      setItems(todays(page.items));
      onListed();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return onRevoked();
      setError(errorCode(err));
    }
  }, [device.token, onRevoked, onListed]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 30_000); // a session scheduled meanwhile shows up
    return () => clearInterval(timer);
  }, [load]);

  const time = (iso: string) => new Date(iso).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });

  return (
    <section className="k-screen" aria-labelledby="sessions-h" data-testid="kiosk-sessions">
      <h2 id="sessions-h">{t('kiosk.sessions.title')}</h2>
      {error && (
        <p role="alert" className="k-alert">
          {kioskErrorText(t, error)}{' '}
          <button type="button" className="k-button k-secondary" onClick={() => void load()}>
            {t('kiosk.retry')}
          </button>
        </p>
      )}
      {!items && !error && <p role="status" className="k-status">{t('kiosk.loading')}</p>}
      {items?.length === 0 && <p className="k-lead">{t('kiosk.sessions.none')}</p>}
      {items && items.length > 0 && (
        <ul className="k-sessions">
          {items.map((s) => (
            <li key={s.id} className="k-session" data-session-id={s.id}>
              <div className="k-session-text">
                <span className="k-session-kind">
                  {t(`kiosk.sessions.kind.${s.kind}` as MessageKey)}
                  {s.about?.category && hasMessage(`kiosk.category.${s.about.category}`) && <> · {t(`kiosk.category.${s.about.category}` as MessageKey)}</>}
                </span>
                {s.about && s.about.partyNames.length > 0 && <span className="k-session-who">{t('kiosk.sessions.parties', { names: s.about.partyNames.join('、') })}</span>}
                {s.about && <span className="k-session-who">{t(s.kind === 'CONSULTATION' ? 'kiosk.sessions.lawyer' : 'kiosk.sessions.host', { name: s.about.hostName })}</span>}
                {s.about?.caseNumber && <span className="k-session-case">{t('kiosk.sessions.case', { number: s.about.caseNumber })}</span>}
                <span className="k-session-when">
                  {s.startedAt ? t('kiosk.sessions.now') : s.scheduledAt ? t('kiosk.sessions.at', { time: time(s.scheduledAt) }) : t('kiosk.sessions.unscheduled')}
                </span>
              </div>
              <button type="button" className="k-button k-primary k-huge" onClick={() => onPick(s)}>
                {s.kind === 'CONSULTATION' ? t('kiosk.sessions.joinConsultation') : t('kiosk.sessions.join')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {items && (
        <button type="button" className="k-button k-quiet" onClick={() => void load()}>
          {t('kiosk.sessions.refresh')}
        </button>
      )}
    </section>
  );
}
