import { useState } from 'react';
import { useI18n } from '../i18n';
import { NoPass } from './NoPass';
import { RoomView } from './RoomView';
import './room.css';

/** Options in the URL fragment (never sent to the server): #token=…&publish=0&autojoin=0&session=<sessionId>&back=<path> */
function fragmentParams(): URLSearchParams {
  return new URLSearchParams(window.location.hash.replace(/^#/, ''));
}

/** `back=`: a path of this site only (the case file, the lawyer's desk); anything else is ignored. */
function backTo(path: string | null): { href: string; label: 'case' | 'desk' } | null {
  if (!path || !/^\/(cases\/[0-9a-f-]{36}|lawyer(\/[a-z/]*)?)$/.test(path)) return null;
  return { href: path, label: path.startsWith('/cases/') ? 'case' : 'desk' };
}

/** /room/:roomId: join with the token in the fragment; without one, say where a join pass comes from. */
export function RoomPage(_props: { roomId: string }) {
  const { t, locale, setLocale } = useI18n();
  const params = fragmentParams();
  const [token, setToken] = useState<string | null>(params.get('token'));
  const publish = params.get('publish') !== '0';
  const autoJoin = params.get('autojoin') !== '0';
  const sessionId = params.get('session');
  const back = backTo(params.get('back'));

  return (
    <main className="room-page">
      <header className="room-header">
        <h1>{t('room.title')}</h1>
        <button type="button" className="control small" lang={locale === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
          {t('home.language')}
        </button>
      </header>
      {token ? (
        <RoomView token={token} publish={publish} autoJoin={autoJoin} sessionId={sessionId} onRejoin={() => setToken(null)} back={back} />
      ) : (
        <NoPass />
      )}
    </main>
  );
}
