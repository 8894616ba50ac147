import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import type { SessionItem } from './api';
import { ConsultScreen } from './ConsultScreen';
import { DeviceCheck, type ChosenDevices } from './DeviceCheck';
import { forgetDevice, storedDevice, type StoredDevice } from '../device/storage';
import { EnrolScreen } from './EnrolScreen';
import { SessionsScreen } from './SessionsScreen';

// the room (mediasoup-client, socket.io) is its own chunk, fetched while the list is read
const loadRoom = () => import('./KioskRoom');
const KioskRoom = lazy(loadRoom);

/** A lawyer is waiting: one tap enters with the default camera and microphone (the device check is for planned sessions). */
const DEFAULT_DEVICES: ChosenDevices = { camera: true, microphone: true };

type Screen =
  | { name: 'home' }
  | { name: 'check'; session: SessionItem }
  | { name: 'room'; session: SessionItem; devices: ChosenDevices; pushedToken?: string }
  | { name: 'consult' };

/**
 * The village talk-room kiosk (/kiosk): for elderly villagers helped by the grid
 * worker. Enrolment if needed, then today's sessions → device check → the room;
 * or a legal consultation. One big action per screen.
 */
export function KioskApp() {
  const { t, locale, setLocale } = useI18n();
  const [device, setDevice] = useState<StoredDevice | null>(storedDevice);
  const [revoked, setRevoked] = useState(false);
  const [screen, setScreen] = useState<Screen>({ name: 'home' });
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    document.title = `${t('app.name')} · ${t('kiosk.title')}`;
    document.documentElement.lang = locale;
  }, [t, locale]);
  useEffect(() => main.current?.focus(), [screen.name]);

  const home = useCallback(() => setScreen({ name: 'home' }), []);
  const onRevoked = useCallback(() => {
    forgetDevice();
    setDevice(null);
    setRevoked(true);
  }, []);
  const prefetchRoom = useCallback(() => void loadRoom(), []);

  return (
    <div className="kiosk" data-screen={device ? screen.name : 'enrol'}>
      <header className="kiosk-header">
        <h1>
          {t('kiosk.title')}
          {device?.talkRoomName && <span className="kiosk-room-name">{device.talkRoomName}</span>}
        </h1>
        <div className="kiosk-header-actions">
          {device && screen.name === 'home' && (
            <button type="button" className="k-button k-secondary" onClick={() => setScreen({ name: 'consult' })}>
              {t('kiosk.consult.button')}
            </button>
          )}
          <button type="button" className="k-button k-quiet" lang={locale === 'en' ? 'zh-CN' : 'en'} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
            {t('kiosk.language')}
          </button>
        </div>
      </header>
      <main ref={main} tabIndex={-1} className="kiosk-main">
        {!device ? (
          <EnrolScreen revoked={revoked} onEnrolled={(d) => { setRevoked(false); setDevice(d); }} />
        ) : screen.name === 'home' ? (
          <SessionsScreen device={device} onRevoked={onRevoked} onPick={(session) => { void loadRoom(); setScreen({ name: 'check', session }); }} onListed={prefetchRoom} />
        ) : screen.name === 'check' ? (
          <DeviceCheck onBack={home} onJoin={(devices) => setScreen({ name: 'room', session: screen.session, devices })} />
        ) : screen.name === 'room' ? (
          <Suspense fallback={<p className="k-status" role="status">{t('kiosk.room.joining')}</p>}>
            <KioskRoom device={device} session={screen.session} devices={screen.devices} pushedToken={screen.pushedToken} onDone={home} />
          </Suspense>
        ) : (
          <ConsultScreen device={device} onDone={home} onEnter={(e) => { void loadRoom(); setScreen({ name: 'room', session: e.session, devices: DEFAULT_DEVICES, pushedToken: e.token ?? undefined }); }} />
        )}
      </main>
    </div>
  );
}
