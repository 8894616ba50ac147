import { useCallback, useEffect, useState } from 'react';
import { ErrorCode } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import { useAdmission } from '../hooks/useAdmission';
import { useRoomClient } from '../hooks/useRoomClient';
import { useRoomState } from '../hooks/useRoomState';
import { useRoomValue } from '../hooks/useRoomValue';
import { ApiError } from '../api/client';
import { api, type JoinToken, type SessionItem } from './api';
import type { ChosenDevices } from './DeviceCheck';
import type { StoredDevice } from '../device/storage';
import { InRoom } from './InRoom';
import { WaitingScreen } from './WaitingScreen';
import { kioskErrorText } from './error-text';

const RETRY_SECONDS = 5;
/** Refusals of the room that a new attempt would only repeat. */
const FINAL_REFUSALS = new Set<string>([ErrorCode.SessionOver, ErrorCode.Forbidden]);

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
  // a join token for this device (its talk room is invited): role operator in a village room
  const token = useCallback(
    async () => pushedToken ?? (await api<JoinToken>(`/sessions/${session.id}/join-token`, { method: 'POST', token: device.token })).token,
    [device.token, session.id, pushedToken],
  );
  const { client, tokenError } = useRoomClient({ token, publish: devices });
  const state = useRoomState(client);
  const admission = useAdmission(client);
  const hostId = useRoomValue(client?.host, (h) => h.hostId, null);
  const end = client?.endReason;
  /**
   * Trying again would not help: the API refused the join token (session over, talk room
   * no longer invited), or the room refused the seat for good (the session ended, the
   * host removed this seat). Words and a way home, never an endless retry.
   */
  const refused =
    tokenError instanceof ApiError && tokenError.status >= 400 && tokenError.status < 500 ? tokenError.code
    : state === 'failed' && end?.kind === 'refused' && FINAL_REFUSALS.has(end.code) ? end.code
    : null;

  // the host declined this seat (now, or earlier: a new join of a declined seat is refused DECLINED)
  const declined = admission === 'declined' || (state === 'failed' && end?.kind === 'refused' && end.code === ErrorCode.Declined);
  const failed = !declined && !refused && (tokenError !== null || state === 'failed');
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
        <p role="alert" className="k-lead">{refused === ErrorCode.SessionOver ? t('kiosk.room.over') : kioskErrorText(t, refused)}</p>
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
    const why = end?.kind === 'seatEnded' ? end.reason : undefined;
    const consult = session.kind === 'CONSULTATION';
    const text =
      why === 'ended' ? t(consult ? 'kiosk.room.consultEnded' : 'kiosk.room.ended')
      : why === 'removed' ? t('kiosk.room.removed')
      : why === 'replaced' ? t('kiosk.room.replaced')
      : t(consult ? 'kiosk.room.consultLeft' : 'kiosk.room.left');
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
