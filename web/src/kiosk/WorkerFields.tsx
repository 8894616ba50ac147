import { useI18n } from '../i18n';

/** The grid worker's username and password (to enrol the device, or to witness a signature). */
export function WorkerFields(p: { username: string; password: string; onUsername(v: string): void; onPassword(v: string): void }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('kiosk.enrol.username')}
        <input name="username" value={p.username} onChange={(e) => p.onUsername(e.target.value)} autoComplete="username" required maxLength={64} />
      </label>
      <label>
        {t('kiosk.enrol.password')}
        <input name="password" type="password" value={p.password} onChange={(e) => p.onPassword(e.target.value)} autoComplete="current-password" required maxLength={256} />
      </label>
    </>
  );
}
