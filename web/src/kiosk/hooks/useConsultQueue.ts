import { useEffect, useState } from 'react';
import type { ConsultQueueClient } from '../../queue';
import type { Page } from '../../api/types';
import { api, type Callback, type Consultation, type QueueStanding, type SessionItem, type Standing } from '../api';

const POLL_MS = 4_000;
type QueueHook = { __shuoshiQueue?: ConsultQueueClient };

export type { Callback, Standing } from '../api';
/** How to enter the consultation room: the token the queue pushed, or (found by a poll while the socket was down) the session to ask a token for. */
export type Entry = { lawyerName: string | null; session: SessionItem; token: string | null };

export interface QueueView {
  status: Consultation['status'];
  standing: Standing | null;
  callback: Callback | null;
  entry: Entry | null;
  /** live: the /queue socket is connected; polling: it is not, GET …/queue every 4 s. */
  link: 'live' | 'polling';
  /** Give up waiting (the socket's queue:abandon, else the REST route). */
  abandon(): Promise<void>;
}

/**
 * Follows one consultation request of this talk room: `queue:position`,
 * `consultation:accepted` (with the room's own join token) and `consultation:callback`
 * over the `/queue` socket (ConsultQueueClient with the device credential, loaded
 * lazily: socket.io is not in the kiosk's first chunk); while that socket is down,
 * `GET /api/consultations/:id/queue` every 4 s instead.
 */
export function useConsultQueue(deviceToken: string, first: Consultation & { queue: Standing | null; callback: Callback | null }): QueueView {
  const id = first.id;
  const [status, setStatus] = useState(first.status);
  const [standing, setStanding] = useState<Standing | null>(first.queue);
  const [callback, setCallback] = useState<Callback | null>(first.callback ?? (first.callbackAt && first.callbackReason ? { callbackAt: first.callbackAt, reason: first.callbackReason } : null));
  const [entry, setEntry] = useState<Entry | null>(null);
  const [link, setLink] = useState<'live' | 'polling'>('polling');
  const [client, setClient] = useState<ConsultQueueClient>();
  const waiting = status === 'QUEUED';
  const open = status === 'QUEUED' || status === 'ACCEPTED';

  // the socket, for as long as the request waits or its room is to be entered
  useEffect(() => {
    if (!open) return;
    let q: ConsultQueueClient | undefined;
    let live = true;
    void import('../../queue').then(({ ConsultQueueClient }) => {
      if (!live) return;
      q = new ConsultQueueClient({ token: deviceToken });
      q.on('connection', (c) => setLink(c === 'connected' ? 'live' : 'polling'));
      q.on('standing', (p) => {
        if (p.consultationId !== id) return;
        setStatus('QUEUED');
        setStanding({ position: p.position, queueLength: p.queueLength, estimatedWaitS: p.estimatedWaitS });
      });
      q.on('accepted', (p) => {
        if (p.consultationId !== id) return;
        setStatus('ACCEPTED');
        setStanding(null);
        setEntry({ lawyerName: p.lawyerName, token: p.join.token, session: consultSession(p.join.sessionId, p.join.roomId, id) });
      });
      q.on('callback', (p) => {
        if (p.consultationId !== id) return;
        setStatus('CALLBACK_SCHEDULED');
        setStanding(null);
        setCallback({ callbackAt: p.callbackAt, reason: p.reason });
      });
      q.on('closed', (p) => p.consultationId === id && setStatus(p.status as Consultation['status']));
      setClient(q);
      (globalThis as QueueHook).__shuoshiQueue = q; // the browser tests drop its socket to see the polling fallback
    });
    return () => {
      live = false;
      if ((globalThis as QueueHook).__shuoshiQueue === q) delete (globalThis as QueueHook).__shuoshiQueue;
      q?.close();
      setClient(undefined);
      setLink('polling');
    };
  }, [deviceToken, id, open]); // kept from QUEUED through ACCEPTED; closed once settled otherwise

  // the fallback: poll while the socket is not connected
  useEffect(() => {
    if (link === 'live' || !(waiting || (status === 'ACCEPTED' && !entry))) return;
    let live = true;
    const poll = async () => {
      const q = await api<QueueStanding>(`/consultations/${id}/queue`, { token: deviceToken });
      if (!live) return;
      setStatus(q.status);
      setStanding(q.queue);
      if (q.status === 'CALLBACK_SCHEDULED') {
        const c = await api<Consultation>(`/consultations/${id}`, { token: deviceToken });
        if (live && c.callbackAt && c.callbackReason) setCallback({ callbackAt: c.callbackAt, reason: c.callbackReason });
      } else if (q.status === 'ACCEPTED') {
        const page = await api<Page<SessionItem>>('/sessions?active=true&pageSize=50', { token: deviceToken });
        const session = page.items.find((s) => s.consultationId === id);
        if (live && session) setEntry((e) => e ?? { lawyerName: null, token: null, session });
      }
    };
    const tick = () => void poll().catch(() => undefined); // the next poll tries again
    const timer = setInterval(tick, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [link, waiting, status, entry, id, deviceToken]);

  async function abandon(): Promise<void> {
    if (client?.connected) await client.abandon(id);
    else await api(`/consultations/${id}/abandon`, { method: 'POST', token: deviceToken });
    setStatus('ABANDONED');
    setStanding(null);
  }

  return { status, standing, callback, entry, link, abandon };
}

/** The consultation's session as the room screen needs it (the pushed join names it). */
function consultSession(sessionId: string, roomId: string, consultationId: string): SessionItem {
  return { id: sessionId, kind: 'CONSULTATION', caseId: null, consultationId, roomId, scheduledAt: null, startedAt: null, endedAt: null };
}
