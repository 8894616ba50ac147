import { useEffect, useMemo, useRef, useState } from 'react';
import type { QueueEntry } from '@shuoshi/protocol';
import { useAuth } from '../app/auth';
import { ConsultQueueClient } from '../queue';
import { lawyerEndpoints, type LawyerEndpoints } from './api';

/** The lawyer console's typed calls with the signed-in staff member's credential. */
export function useLawyerApi(): LawyerEndpoints {
  const { api } = useAuth();
  return useMemo(() => lawyerEndpoints(api), [api]);
}

export interface LiveQueue {
  client: ConsultQueueClient | null;
  connected: boolean;
  entries: QueueEntry[];
  /** Requests that arrived since the page opened (for the cue), newest last. */
  arrived: QueueEntry[];
  /** A consultation another lawyer took (cleared by the page). */
  taken: { consultationId: string; lawyerId: string } | null;
  clearTaken(): void;
}

/** The `/queue` socket for as long as the page is open: the live queue (pushed while on duty). */
export function useLiveQueue(): LiveQueue {
  const { accessToken, staff } = useAuth();
  const [client, setClient] = useState<ConsultQueueClient | null>(null);
  const [connected, setConnected] = useState(false);
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const [arrived, setArrived] = useState<QueueEntry[]>([]);
  const [taken, setTaken] = useState<LiveQueue['taken']>(null);
  const seen = useRef<Set<string> | null>(null);
  const tokenFn = useRef(accessToken);
  tokenFn.current = accessToken;
  const staffId = staff?.id;

  useEffect(() => {
    if (!staffId) return;
    const c = new ConsultQueueClient({ token: () => tokenFn.current() });
    setClient(c);
    c.on('connection', (s) => setConnected(s === 'connected'));
    c.on('entries', (list) => {
      setEntries(list);
      const before = seen.current;
      const next = new Set(list.map((e) => e.consultationId));
      // the first list after connecting is the queue as it stands, not news
      if (before) {
        const fresh = list.filter((e) => !before.has(e.consultationId));
        if (fresh.length) setArrived((a) => [...a, ...fresh].slice(-10));
      }
      seen.current = next;
    });
    c.on('taken', (p) => {
      setEntries((list) => list.filter((e) => e.consultationId !== p.consultationId));
      if (p.lawyerId !== staffId) setTaken(p);
    });
    return () => {
      c.close();
      setClient(null);
      setConnected(false);
    };
  }, [staffId]);

  return { client, connected, entries, arrived, taken, clearTaken: () => setTaken(null) };
}

/** The time now, re-read every `ms` (for waiting times that tick). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** m:ss or h:mm:ss since `iso`. */
export function elapsed(iso: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A short two-tone chime through Web Audio (silent where the browser does not allow sound yet). */
export function chime(): void {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    if (ctx.state === 'suspended') void ctx.resume();
    const tone = (freq: number, at: number) => {
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.0001, ctx.currentTime + at);
      g.gain.exponentialRampToValueAtTime(0.2, ctx.currentTime + at + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + at + 0.3);
      o.connect(g).connect(ctx.destination);
      o.start(ctx.currentTime + at);
      o.stop(ctx.currentTime + at + 0.32);
    };
    tone(880, 0);
    tone(660, 0.35);
    setTimeout(() => void ctx.close(), 1000);
  } catch {
    // sound is a bonus; the visual cue and the live region carry the news
  }
}
