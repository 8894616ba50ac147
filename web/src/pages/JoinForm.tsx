import { useState, type FormEvent } from 'react';
import type { Role } from '@shuoshi/protocol';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/zh-CN';

const ROLES: Role[] = ['party', 'mediator', 'lawyer', 'operator', 'observer'];

/** Development only: gets a join token from the server's dev endpoint (accounts will replace it). */
export function JoinForm({ roomId, onToken }: { roomId: string; onToken: (token: string) => void }) {
  const { t } = useI18n();
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('party');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const res = await fetch('/api/dev/room-token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ roomId, role, displayName: displayName.trim() || t(`room.role.${role}` as MessageKey) }),
    }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { token?: string; error?: { code: string } } | null;
    if (res?.ok && body?.token) onToken(body.token);
    else setError(body?.error?.code ?? 'NETWORK');
  }

  return (
    <form className="join-form" onSubmit={(e) => void submit(e)}>
      <h2>{t('room.join.title')}</h2>
      <label>
        {t('room.join.name')}
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={32} autoComplete="name" />
      </label>
      <label>
        {t('room.join.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`room.role.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary-button">
        {t('room.join.submit')}
      </button>
      <p className="note">{t('room.join.devNote')}</p>
      {error && <p role="alert">{t('room.join.failed', { code: error })}</p>}
    </form>
  );
}
