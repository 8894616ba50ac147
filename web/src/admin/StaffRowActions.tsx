import { useState } from 'react';
import { useI18n } from '../i18n';
import { useAuth } from '../app/auth';
import { ErrorNote } from '../app/ui';
import { asApiError } from '../app/useApi';
import type { ApiError } from '../api/client';
import type { StaffAccount } from '../api/types';

/** A staff row's 重设密码 and 停用账号 / 恢复账号 (each asks once). */
export function StaffRowActions({ account: s, onPassword, onChanged }: { account: StaffAccount; onPassword(r: { account: StaffAccount; password: string }): void; onChanged(message: string): void }) {
  const { t } = useI18n();
  const { ep, staff } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const act = async (confirmText: string | null, run: () => Promise<void>) => {
    if (confirmText && !window.confirm(confirmText)) return;
    setBusy(true);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const self = staff?.id === s.id;
  return (
    <span className="row-actions">
      <button type="button" className="link-button" disabled={busy} aria-label={`${t('admin.staff.resetPassword')}：${s.displayName}`} onClick={() => void act(t('admin.staff.confirmReset', { name: s.displayName }), async () => onPassword(await ep.resetPassword(s.id)))}>
        {t('admin.staff.resetPassword')}
      </button>
      {self ? (
        <span>{t('admin.staff.you')}</span>
      ) : s.active ? (
        <button type="button" className="link-button" disabled={busy} aria-label={`${t('admin.staff.disable')}：${s.displayName}`} onClick={() => void act(t('admin.staff.confirmDisable', { name: s.displayName }), async () => {
          await ep.setStaffActive(s.id, false);
          onChanged(t('admin.staff.disabled', { name: s.displayName }));
        })}>
          {t('admin.staff.disable')}
        </button>
      ) : (
        <button type="button" className="link-button" disabled={busy} aria-label={`${t('admin.staff.enable')}：${s.displayName}`} onClick={() => void act(null, async () => {
          await ep.setStaffActive(s.id, true);
          onChanged(t('admin.staff.enabled', { name: s.displayName }));
        })}>
          {t('admin.staff.enable')}
        </button>
      )}
      <ErrorNote error={error} />
    </span>
  );
}
