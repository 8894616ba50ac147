import { useI18n } from '../i18n';

/**
 * /room/:roomId opened without a join pass: nobody gets one here. It says where a pass
 * comes from: a party's invite code, the talk room's screen, or the staff console.
 */
export function NoPass() {
  const { t } = useI18n();
  return (
    <section className="join-form" aria-labelledby="no-pass-title">
      <h2 id="no-pass-title">{t('room.noPass.title')}</h2>
      <p>{t('room.noPass.intro')}</p>
      <ul>
        <li>
          <a href="/join">{t('room.noPass.party')}</a>
        </li>
        <li>{t('room.noPass.talkRoom')}</li>
        <li>
          <a href="/">{t('room.noPass.staff')}</a>
        </li>
      </ul>
    </section>
  );
}
