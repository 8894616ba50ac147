import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { ApiClient, type ApiError } from '../api/client';
import type { InviteExchange } from '../api/types';
import { navigate } from '../app/router';
import { ErrorNote, LanguageSwitch } from '../app/ui';
import { asApiError } from '../app/useApi';
import './party.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const PARTY_TOKEN_KEY = 'shuoshi.partyToken';

/**
 * /join?s=<session> or the short link /j/ABC-234 (read out over the phone): a party
 * types the 6-digit code from the mediator and enters the video room. Phone-first, big targets.
 */
export function InviteCodePage({ link }: { link?: string }) {
  const { t } = useI18n();
  const sessionId = new URLSearchParams(window.location.search).get('s') ?? '';
  const names = link ? { link: link.toUpperCase() } : UUID.test(sessionId) ? { sessionId } : null;
  const [code, setCode] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code)) {
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const x = await new ApiClient(null).request<InviteExchange>('POST', '/auth/invite-code', { body: { ...names, code }, anonymous: true });
      sessionStorage.setItem(PARTY_TOKEN_KEY, JSON.stringify({ token: x.partyToken, expiresAt: x.expiresAt, sessionId: x.session.id }));
      navigate(`/room/${encodeURIComponent(x.join.roomId)}#token=${encodeURIComponent(x.join.token)}`);
    } catch (err) {
      setError(asApiError(err));
      setCode('');
      setBusy(false);
      input.current?.focus();
    }
  }

  return (
    <main className="party-page" id="main">
      <div className="party-top">
        <LanguageSwitch />
      </div>
      <h1>{t('join.title')}</h1>
      {names ? (
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="invite-code" className="party-label">
            {t('join.codeLabel')}
          </label>
          <p id="invite-code-hint" className="party-hint">
            {t('join.codeHint')}
          </p>
          <input
            ref={input}
            id="invite-code"
            name="code"
            className="code-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            autoFocus
            aria-describedby="invite-code-hint"
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          />
          <button type="submit" className="party-button" disabled={busy || code.length !== 6}>
            {t('join.submit')}
          </button>
          <ErrorNote error={error} />
        </form>
      ) : (
        <p role="alert" className="party-hint">
          {t('join.noSession')}
        </p>
      )}
    </main>
  );
}
