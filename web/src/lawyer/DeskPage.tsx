import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import type { DisputeCategory } from '../api/types';
import { useAuth } from '../app/auth';
import { navigate } from '../app/router';
import { ErrorNote, Loading, useErrorText } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';
import { ApiError } from '../api/client';
import { SignalError } from '../room/signal';
import { openRoom } from './api';
import { chime, useLawyerApi, useLiveQueue } from './useLawyer';
import { QueueList } from './QueueList';
import { CallbackList } from './CallbackList';
import './lawyer.css';

/** 法律顾问工作台: on/off duty, the live queue (accept → the room in a new tab, the record here), call-backs. */
export function DeskPage() {
  const { t } = useI18n();
  const lw = useLawyerApi();
  const errorText = useErrorText();
  const duty = useApi(() => lw.duty(), [lw]);
  const queue = useLiveQueue();
  const [onDuty, setOnDuty] = useState<boolean | null>(null);
  const [switching, setSwitching] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [accepting, setAccepting] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const [flash, setFlash] = useState<string | null>(null);

  useEffect(() => {
    if (duty.data) setOnDuty(duty.data.onDuty);
  }, [duty.data]);

  // a new request: a chime, a highlighted row and a polite announcement
  const latest = queue.arrived[queue.arrived.length - 1];
  useEffect(() => {
    if (!latest) return;
    chime();
    setFlash(latest.consultationId);
    setAnnounce(t('lw.queue.arrived', { room: latest.talkRoomName, topic: t(`category.${latest.topic as DisputeCategory}`) }));
    const id = setTimeout(() => setFlash(null), 8000);
    return () => clearTimeout(id);
  }, [latest, t]);

  const toggle = async () => {
    if (onDuty === null) return;
    setSwitching(true);
    setError(null);
    try {
      const next = !onDuty;
      // through the socket when it is up (the queue is pushed at once), else over REST; both persist on the server
      const now = queue.client?.connected ? await queue.client.setDuty(next) : (await lw.setDuty(next)).onDuty;
      setOnDuty(now);
      setAnnounce(t(now ? 'lw.duty.nowOn' : 'lw.duty.nowOff'));
    } catch (err) {
      setError(err instanceof SignalError ? new ApiError(err.code, err.message, 0) : asApiError(err));
    } finally {
      setSwitching(false);
    }
  };

  const accept = async (consultationId: string) => {
    setAccepting(consultationId);
    setError(null);
    queue.clearTaken();
    try {
      const join = queue.client?.connected ? await queue.client.accept(consultationId) : (await lw.accept(consultationId)).join;
      const opened = openRoom(join);
      navigate(`/lawyer/consultations/${consultationId}${opened ? '' : '?room=blocked'}`);
    } catch (err) {
      const code = err instanceof SignalError ? err.code : asApiError(err).code;
      if (code === 'CONSULTATION_TAKEN') setAnnounce(t('lw.queue.takenByOther'));
      setError(err instanceof SignalError ? new ApiError(err.code, err.message, 0) : asApiError(err));
      setAccepting(null);
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('lw.desk.title')}</h1>
        <div className={`duty-switch ${onDuty ? 'on' : 'off'}`}>
          <span className="duty-state" data-testid="duty-state">
            {onDuty === null ? '…' : t(onDuty ? 'lw.duty.on' : 'lw.duty.off')}
          </span>
          <button type="button" role="switch" aria-checked={onDuty === true} className="primary-button duty-button" disabled={onDuty === null || switching} onClick={() => void toggle()}>
            {t(onDuty ? 'lw.duty.goOff' : 'lw.duty.goOn')}
          </button>
        </div>
      </div>
      <p className="live-status" aria-live="polite" data-testid="announce">
        {announce}
      </p>
      <ErrorNote error={duty.error} />
      {error && (
        <p role="alert" className="error-note" data-code={error.code} data-testid="accept-error">
          {error.code === 'CONSULTATION_TAKEN' ? t('lw.queue.takenByOther') : errorText(error)}
        </p>
      )}
      <section className="card" aria-labelledby="queue-h">
        <h2 id="queue-h">
          {t('lw.queue.title')} <span className="count">{onDuty ? t('lw.queue.count', { n: queue.entries.length }) : ''}</span>
        </h2>
        {!queue.connected && <p className="muted">{t('lw.queue.connecting')}</p>}
        {onDuty === false && <p data-testid="queue-off">{t('lw.queue.offDuty')}</p>}
        {onDuty && queue.connected && queue.entries.length === 0 && <p data-testid="queue-empty">{t('lw.queue.empty')}</p>}
        {onDuty && <QueueList entries={queue.entries} flash={flash} accepting={accepting} onAccept={(id) => void accept(id)} />}
      </section>
      <CallbackList />
      {duty.loading && !duty.data && <Loading />}
    </>
  );
}
