import { useRef, useState } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import type { ConsultationRequest } from '../api/types';
import { api, CATEGORIES, errorCode, type Category } from './api';
import type { StoredDevice } from '../device/storage';
import { useConsultQueue, type Entry } from './hooks/useConsultQueue';
import { kioskErrorText } from './error-text';
import { withLawyerTitle } from './lawyer-title';

type Asked = ConsultationRequest;

/**
 * 法律咨询: pick a topic (large buttons) → POST /api/consultations as the device →
 * the queue: place and estimated wait, live; a call-back time when nobody is on duty;
 * cancel while waiting; when a lawyer accepts, one big button enters the room.
 */
export function ConsultScreen({ device, onDone, onEnter }: { device: StoredDevice; onDone(): void; onEnter(e: Entry): void }) {
  const { t } = useI18n();
  const [asked, setAsked] = useState<Asked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function ask(topic: Category) {
    setBusy(true);
    setError(null);
    try {
      // the villager does not type: the question names the topic; the lawyer hears the rest
      const question = t('kiosk.consult.question', { topic: t(`kiosk.category.${topic}` as MessageKey) });
      setAsked(await api<Asked>('/consultations', { method: 'POST', token: device.token, body: { topic, question } }));
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  }

  if (asked) return <ConsultWaiting key={asked.id} device={device} asked={asked} onDone={onDone} onEnter={onEnter} />;
  return (
    <section className="k-screen" aria-labelledby="consult-h" data-testid="kiosk-consult">
      <h2 id="consult-h">{t('kiosk.consult.title')}</h2>
      <div className="k-topics">
        {CATEGORIES.map((c) => (
          <button key={c} type="button" className="k-button k-secondary k-huge" disabled={busy} data-topic={c} onClick={() => void ask(c)}>
            {t(`kiosk.category.${c}` as MessageKey)}
          </button>
        ))}
      </div>
      {busy && <p role="status">{t('kiosk.consult.sending')}</p>}
      {error && <p role="alert" className="k-alert">{kioskErrorText(t, error)}</p>}
      <button type="button" className="k-button k-quiet" onClick={onDone}>
        {t('kiosk.consult.cancel')}
      </button>
    </section>
  );
}

function ConsultWaiting({ device, asked, onDone, onEnter }: { device: StoredDevice; asked: Asked; onDone(): void; onEnter(e: Entry): void }) {
  const { t, locale } = useI18n();
  const q = useConsultQueue(device.token, asked);
  // waited in the queue, then the last lawyer went off duty: say so, not just "no lawyer"
  const queued = useRef(false);
  if (q.status === 'QUEUED') queued.current = true;
  const [error, setError] = useState<string | null>(null);
  const cancel = () => q.abandon().catch((err: unknown) => setError(errorCode(err)));
  const when = q.callback ? new Date(q.callback.callbackAt) : null;

  return (
    <section className="k-screen k-calm" aria-labelledby="consult-h" data-testid="kiosk-consult-waiting" data-status={q.status} data-link={q.link}>
      <h2 id="consult-h">{t(`kiosk.category.${asked.topic}` as MessageKey)}</h2>
      {q.status === 'QUEUED' && (
        <>
          <p className="k-lead" role="status">{t('kiosk.consult.waiting')}</p>
          {q.standing && (
            <>
              <p className="k-big-number" data-testid="kiosk-queue-position">{t('kiosk.consult.position', { position: q.standing.position, length: q.standing.queueLength })}</p>
              <p className="k-big-number" data-testid="kiosk-queue-estimate">{t('kiosk.consult.estimate', { minutes: Math.max(1, Math.ceil(q.standing.estimatedWaitS / 60)) })}</p>
            </>
          )}
          <p className="k-soft">{q.link === 'live' ? t('kiosk.consult.live') : t('kiosk.consult.polling')}</p>
          <button type="button" className="k-button k-danger" onClick={() => void cancel()}>
            {t('kiosk.consult.abandon')}
          </button>
        </>
      )}
      {q.status === 'ACCEPTED' && (
        <>
          <p className="k-lead" role="status">{q.entry?.lawyerName ? t('kiosk.consult.accepted', { lawyer: withLawyerTitle(q.entry.lawyerName, t('kiosk.lawyerTitle')) }) : t('kiosk.consult.status.ACCEPTED')}</p>
          {q.entry && (
            <>
              <p className="k-lead">{t('kiosk.consult.acceptedHint')}</p>
              <button type="button" className="k-button k-primary k-huge" onClick={() => onEnter(q.entry!)}>
                {t('kiosk.consult.join')}
              </button>
            </>
          )}
        </>
      )}
      {q.status === 'CALLBACK_SCHEDULED' && (
        <div data-testid="kiosk-callback" role="status">
          <p className="k-lead">
            {q.callback?.reason === 'QUEUE_TIMEOUT' ? t('kiosk.consult.callbackTimeout') : q.callback?.reason === 'LAWYER_SCHEDULED' ? t('kiosk.consult.callbackScheduled') : queued.current ? t('kiosk.consult.lawyerLeft') : t('kiosk.consult.noLawyer')}
          </p>
          {when && (
            <p className="k-callback-time">
              {t('kiosk.consult.callbackAt', {
                time: when.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false }),
                date: when.toLocaleDateString(locale, { month: 'long', day: 'numeric', weekday: 'long' }),
              })}
            </p>
          )}
          <p className="k-lead">{t('kiosk.consult.callbackHint')}</p>
        </div>
      )}
      {q.status === 'ABANDONED' && <p className="k-lead" role="status">{t('kiosk.consult.abandoned')}</p>}
      {q.status === 'ANSWERED' && <p className="k-lead" role="status">{t('kiosk.consult.status.ANSWERED')}</p>}
      {error && <p role="alert" className="k-alert">{kioskErrorText(t, error)}</p>}
      {q.status !== 'QUEUED' && (
        <button type="button" className="k-button k-quiet" onClick={onDone}>
          {t('kiosk.room.home')}
        </button>
      )}
    </section>
  );
}
