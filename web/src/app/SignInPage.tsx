import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from './auth';
import { navigate } from './router';
import { homeOf } from './home';
import { ErrorNote, LanguageSwitch } from './ui';
import { useSubmit } from './useSubmit';

export function SignInPage() {
  const { t } = useI18n();
  const { signIn } = useAuth();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, onSubmit } = useSubmit(
    async () => {
      const staff = await signIn(username.trim(), password);
      const next = new URLSearchParams(window.location.search).get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') && next !== '/' && next !== '/login' ? next : homeOf(staff.role), { replace: true });
    },
    { leavesPage: true },
  );

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-top">
        <LanguageSwitch />
      </div>
      <h1>{t('app.name')}</h1>
      <p className="tagline">{t('app.tagline')}</p>
      <form onSubmit={onSubmit} aria-labelledby="sign-in-h">
        <h2 id="sign-in-h">{t('signIn.title')}</h2>
        <label>
          {t('signIn.username')}
          <input name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required autoFocus />
        </label>
        <label>
          {t('signIn.password')}
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
        </label>
        <button type="submit" className="primary-button" disabled={busy}>
          {t('signIn.submit')}
        </button>
        <ErrorNote error={error} />
      </form>
    </main>
  );
}
