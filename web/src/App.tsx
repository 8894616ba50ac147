import { Suspense, lazy, useEffect, useState } from 'react';
import { useI18n } from './i18n';
import { useLocation } from './app/router';
import type { MessageKey } from './i18n/zh-CN';

// Each area is its own chunk: the live room (mediasoup-client, socket.io) only on /room/…,
// the party's invite-code page on /join, the staff console (and, inside it, the dashboard) elsewhere.
const RoomPage = lazy(() => import('./room-ui/RoomPage').then((m) => ({ default: m.RoomPage })));
const InviteCodePage = lazy(() => import('./party/InviteCodePage').then((m) => ({ default: m.InviteCodePage })));
const StaffApp = lazy(() => import('./app/StaffApp').then((m) => ({ default: m.StaffApp })));

interface Health {
  status: 'ok' | 'degraded';
  components: Record<string, { ok: boolean }>;
}

/** Routes by path: /room/:roomId is a live session, /join and /j/ABC-234 (the short link) a party's invite code, /status the service status; the rest is the staff app. */
export function App() {
  const { pathname } = useLocation();
  const room = /^\/room\/([A-Za-z0-9_.:-]{1,128})\/?$/.exec(pathname);
  const shortLink = /^\/j\/([A-Za-z]{3}-?[0-9]{3})\/?$/.exec(pathname);
  let page;
  if (room?.[1]) page = <RoomPage key={room[1]} roomId={decodeURIComponent(room[1])} />;
  else if (pathname === '/join') page = <InviteCodePage />;
  else if (shortLink?.[1]) page = <InviteCodePage link={shortLink[1]} />;
  else if (pathname === '/status') page = <Home />;
  else page = <StaffApp />;
  return <Suspense fallback={null}>{page}</Suspense>;
}

function Home() {
  const { t, locale, setLocale } = useI18n();
  const [health, setHealth] = useState<Health | null>(null);

  useEffect(() => {
    let alive = true;
    fetch('/health')
      .then((r) => r.json() as Promise<Health>)
      .then((h) => alive && setHealth(h))
      .catch(() => alive && setHealth({ status: 'degraded', components: {} }));
    return () => {
      alive = false;
    };
  }, []);

  return (
    <main className="home">
      <header className="home-header">
        <h1>{t('app.name')}</h1>
        <button type="button" className="link-button" onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
          {t('home.language')}
        </button>
      </header>
      <p className="tagline">{t('app.tagline')}</p>
      <h2>{t('home.title')}</h2>
      <p>{t('home.intro')}</p>
      <section aria-labelledby="status-heading" className="status">
        <h3 id="status-heading">{t('home.status')}</h3>
        <p role="status" data-testid="health-summary">
          {health === null ? t('home.status.checking') : health.status === 'ok' ? t('home.status.ok') : t('home.status.degraded')}
        </p>
        {health && (
          <ul>
            {Object.entries(health.components).map(([name, c]) => (
              <li key={name} className={c.ok ? 'up' : 'down'}>
                {t(`component.${name}` as MessageKey)}: {c.ok ? '✓' : '✗'}
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
