import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { Link } from '../app/router';
import { ErrorNote, Loading, useFormat } from '../app/ui';
import { asApiError, useApi } from '../app/useApi';
import type { ApiError } from '../api/client';
import { openRoom, roomUrl, type ConsultationRecord } from './api';
import { useLawyerApi } from './useLawyer';
import { useTalkRoomNames } from './useTalkRooms';

/** 回电: my call-backs and the county's untaken ones, soonest first: take, start (the room opens), kept or missed. */
export function CallbackList() {
  const { t } = useI18n();
  const { staff } = useAuth();
  const lw = useLawyerApi();
  const fmt = useFormat();
  const roomName = useTalkRoomNames();
  const list = useApi(() => lw.callbacks(), [lw]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<{ id: string; href: string } | null>(null);

  const act = async (q: ConsultationRecord, what: 'take' | 'start' | 'kept' | 'missed') => {
    setBusy(q.id);
    setError(null);
    try {
      if (what === 'take') await lw.takeCallback(q.id);
      else if (what === 'start') {
        const r = await lw.startCallback(q.id);
        setBlocked(openRoom(r.join) ? null : { id: q.id, href: roomUrl(r.join) });
      } else await lw.markCallback(q.id, what === 'kept');
      list.reload();
    } catch (err) {
      setError(asApiError(err));
      list.reload();
    } finally {
      setBusy(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="callbacks-h">
      <h2 id="callbacks-h">{t('lw.callbacks.title')}</h2>
      <ErrorNote error={list.error ?? error} />
      {list.loading && !list.data && <Loading />}
      {list.data && items.length === 0 && <p>{t('lw.callbacks.none')}</p>}
      <ul className="plain callbacks" data-testid="callbacks">
        {items.map((q) => {
          const mine = q.lawyerId === staff?.id;
          return (
            <li key={q.id} data-consultation={q.id}>
              <div className="callback-head">
                <strong>{fmt.dateTime(q.callbackAt)}</strong> · {roomName(q.talkRoomId)} · {t(`category.${q.topic}`)} ·{' '}
                <span className="badge">{t(mine ? 'lw.callbacks.mine' : 'lw.callbacks.untaken')}</span>
                {q.callbackReason && <span className="muted"> · {t(`lw.reason.${q.callbackReason}`)}</span>}
                {q.callbackStartedAt && <span className="muted"> · {t('lw.callbacks.started', { at: fmt.dateTime(q.callbackStartedAt) })}</span>}
              </div>
              {q.question && <p className="question">{q.question}</p>}
              <div className="actions compact">
                {!q.lawyerId && (
                  <button type="button" className="primary-button secondary" disabled={busy !== null} onClick={() => void act(q, 'take')}>
                    {t('lw.callbacks.take')}
                  </button>
                )}
                <button type="button" className="primary-button" disabled={busy !== null} onClick={() => void act(q, 'start')}>
                  {t(q.callbackStartedAt ? 'lw.callbacks.rejoin' : 'lw.callbacks.start')}
                </button>
                {mine && (
                  <>
                    <button type="button" className="primary-button secondary" disabled={busy !== null} onClick={() => void act(q, 'kept')}>
                      {t('lw.callbacks.kept')}
                    </button>
                    <button type="button" className="primary-button secondary" disabled={busy !== null} onClick={() => void act(q, 'missed')}>
                      {t('lw.callbacks.missed')}
                    </button>
                    <Link className="primary-button secondary" to={`/lawyer/consultations/${q.id}`}>
                      {t('lw.record.write')}
                    </Link>
                  </>
                )}
              </div>
              {blocked?.id === q.id && (
                <p>
                  {t('lw.room.blocked')}{' '}
                  <a href={blocked.href} target="_blank" rel="opener">
                    {t('lw.room.enter')}
                  </a>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
