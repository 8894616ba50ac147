import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useRoomState } from '../hooks/useRoomState';
import { RoomClient, installTestHook } from '../room';
import { api, errorCode, KioskApiError, type JoinToken, type SessionItem } from './api';
import type { ChosenDevices } from './DeviceCheck';
import type { StoredDevice } from './device';
import { useAdmission, useHostId } from './hooks/useAdmission';
import { InRoom } from './InRoom';
import { WaitingScreen } from './WaitingScreen';

const RETRY_SECONDS = 5;

interface Props {
  device: StoredDevice;
  session: SessionItem;
  devices: ChosenDevices;
  /** A join token already given (a consultation's, pushed by the queue): the first attempt uses it; a retry asks the API afresh. */
  pushedToken?: string;
  onDone(): void;
}

/** The room for one session; a lost connection the client could not win back starts a fresh attempt by itself. */
export default function KioskRoom(props: Props) {
  const [attempt, setAttempt] = useState(0);
  return <RoomAttempt key={attempt} {...props} pushedToken={attempt === 0 ? props.pushedToken : undefined} onRetry={() => setAttempt((n) => n + 1)} />;
}

function RoomAttempt({ device, session, devices, pushedToken, onDone, onRetry }: Props & { onRetry(): void }) {
  const { t } = useI18n();
  const [client, setClient] = useState<RoomClient>();
  const [error, setError] = useState<string | null>(null);
  /** The server refused the seat (session over, talk room no longer invited): trying again would not help. */
  const [refused, setRefused] = useState<string | null>(null);
  const state = useRoomState(client);
  const admission = useAdmission(client);
  const hostId = useHostId(client);

  useEffect(() => {
    let c: RoomClient | undefined;
    let cancelled = false;
    (async () => {
      // a join token for this device (its talk room is invited): role operator in a village room
      const token = pushedToken ?? (await api<JoinToken>(`/sessions/${session.id}/join-token`, { method: 'POST', token: device.token })).token;
      if (cancelled) return;
      c = new RoomClient({ token, publish: devices });
      installTestHook(c);
      setClient(c);
      await c.join();
    })().catch((err: unknown) => {
      if (cancelled) return;
      if (err instanceof KioskApiError && err.status >= 400 && err.status < 500) setRefused(err.code);
      else setError(errorCode(err));
    });
    const onPageHide = () => void c?.leave();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      cancelled = true;
      window.removeEventListener('pagehide', onPageHide);
      void c?.leave();
      installTestHook(undefined);
    };
  }, [device.token, session.id, devices, pushedToken]);

  // the host declined this seat (now, or earlier: a new join of a declined seat is refused DECLINED)
  const declined = admission === 'declined' || (state === 'failed' && client?.endReason === 'DECLINED');
  const failed = !declined && (error !== null || state === 'failed');
  const [seconds, setSeconds] = useState(RETRY_SECONDS);
  useEffect(() => {
    if (!failed) return;
    const timer = setInterval(() => setSeconds((s) => s - 1), 1_000);
    return () => clearInterval(timer);
  }, [failed]);
  useEffect(() => {
    if (failed && seconds <= 0) onRetry();
  }, [failed, seconds, onRetry]);

  if (declined) {
    return (
      <section className="k-screen k-calm" data-testid="kiosk-declined" aria-labelledby="declined-h">
        <h2 id="declined-h">{t('kiosk.room.declined')}</h2>
        <p className="k-lead">{t('kiosk.room.declinedHint')}</p>
        <button type="button" className="k-button k-primary k-huge" onClick={onDone}>
          {t('kiosk.room.home')}
        </button>
      </section>
    );
  }
  if (refused) {
    return (
      <section className="k-screen k-calm" data-testid="kiosk-room" data-state="refused">
        <p role="alert" className="k-lead">{t('kiosk.error', { code: refused })}</p>
        <button type="button" className="k-button k-primary k-huge" onClick={onDone}>
          {t('kiosk.room.home')}
        </button>
      </section>
    );
  }
  if (failed) {
    return (
      <section className="k-screen k-calm" data-testid="kiosk-room" data-state="failed">
        <p role="status" className="k-lead">{t('kiosk.room.failed', { seconds: Math.max(0, seconds) })}</p>
        <button type="button" className="k-button k-quiet" onClick={onDone}>
          {t('kiosk.room.home')}
        </button>
      </section>
    );
  }
  if (state === 'left') {
    const why = client?.endReason;
    const text = why === 'ended' ? t('kiosk.room.ended') : why === 'removed' ? t('kiosk.room.removed') : why === 'replaced' ? t('kiosk.room.replaced') : t('kiosk.room.left');
    return (
      <section className="k-screen k-calm" data-testid="kiosk-room" data-state="left">
        <p role="status" className="k-lead">{text}</p>
        <button type="button" className="k-button k-primary k-huge" onClick={onDone}>
          {t('kiosk.room.home')}
        </button>
      </section>
    );
  }
  if (!client || state === 'idle' || state === 'joining') {
    return (
      <section className="k-screen k-calm" data-testid="kiosk-room" data-state="joining">
        <p role="status" className="k-lead">{t('kiosk.room.joining')}</p>
      </section>
    );
  }
  if (admission === 'waiting') return <WaitingScreen hostPresent={hostId !== null} onLeave={() => void client.leave().then(onDone)} />;
  return <InRoom client={client} state={state} session={session} onLeave={() => void client.leave().then(onDone)} />;
}
