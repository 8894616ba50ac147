import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { api, CATEGORIES, errorCode, type Category, type Consultation, type SessionItem } from './api';
import type { StoredDevice } from './device';

const POLL_MS = 4_000;

/**
 * 法律咨询: pick a topic (large buttons) → POST /api/consultations as the device →
 * wait, showing what the API says (status; queue position and estimate when it sends them).
 */
export function ConsultScreen({ device, onDone, onJoin }: { device: StoredDevice; onDone(): void; onJoin(s: SessionItem): void }) {
  const { t, locale } = useI18n();
  const [consultation, setConsultation] = useState<Consultation | null>(null);
  const [session, setSession] = useState<SessionItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function ask(topic: Category) {
    setBusy(true);
    setError(null);
    try {
      // the villager does not type: the question names the topic; the lawyer hears the rest
      const question = t('kiosk.consult.question', { topic: t(`kiosk.category.${topic}` as MessageKey) });
      setConsultation(await api<Consultation>('/consultations', { method: 'POST', token: device.token, body: { topic, question } }));
    } catch (err) {
      setError(errorCode(err));
    } finally {
      setBusy(false);
    }
  }

  const id = consultation?.id;
  useEffect(() => {
    if (!id) return;
    const timer = setInterval(() => {
      api<Consultation>(`/consultations/${id}`, { token: device.token }).then(setConsultation, () => undefined); // the next poll tries again
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [id, device.token]);

  // taken: the lawyer's video session for this consultation (its talk room invited) is joined like any other
  const accepted = consultation?.status === 'ACCEPTED';
  useEffect(() => {
    if (!accepted || !id) return;
    let live = true;
    const look = () =>
      api<{ items: SessionItem[] }>('/sessions?active=true&pageSize=50', { token: device.token }).then(
        (page) => live && setSession(page.items.find((s) => s.consultationId === id) ?? null),
        () => undefined,
      );
    void look();
    const timer = setInterval(() => void look(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [accepted, id, device.token]);

  if (consultation) {
    const c = consultation;
    return (
      <section className="k-screen" aria-labelledby="consult-h" data-testid="kiosk-consult-waiting" data-status={c.status}>
        <h2 id="consult-h">{t(`kiosk.category.${c.topic}` as MessageKey)}</h2>
        <p className="k-lead" role="status">{t(`kiosk.consult.status.${c.status}` as MessageKey)}</p>
        {c.status === 'QUEUED' && <p className="k-lead">{t('kiosk.consult.waiting')}</p>}
        {typeof c.position === 'number' && <p className="k-big-number">{t('kiosk.consult.position', { position: c.position })}</p>}
        {typeof c.estimatedWaitMinutes === 'number' && <p className="k-big-number">{t('kiosk.consult.estimate', { minutes: c.estimatedWaitMinutes })}</p>}
        <p>{t('kiosk.consult.requestedAt', { time: new Date(c.requestedAt).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' }) })}</p>
        {c.advice && <p className="k-lead">{t('kiosk.consult.answer', { advice: c.advice })}</p>}
        {accepted && session && (
          <button type="button" className="k-button k-primary k-huge" onClick={() => onJoin(session)}>
            {t('kiosk.consult.join')}
          </button>
        )}
        <button type="button" className="k-button k-quiet" onClick={onDone}>
          {t('kiosk.room.home')}
        </button>
      </section>
    );
  }
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
      {error && <p role="alert" className="k-alert">{t('kiosk.error', { code: error })}</p>}
      <button type="button" className="k-button k-quiet" onClick={onDone}>
        {t('kiosk.consult.cancel')}
      </button>
    </section>
  );
}
