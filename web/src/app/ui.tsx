import { useEffect, type ReactNode } from 'react';
import { hasMessage, useI18n } from '../i18n';
import type { ApiError } from '../api/client';

/** An API error in the reader's language: our text for a known code, else the server's message. */
export function useErrorText(): (e: ApiError) => string {
  const { t } = useI18n();
  return (e) => {
    const key = `error.${e.code}`;
    return hasMessage(key) ? t(key) : t('error.generic', { code: e.code, message: e.message });
  };
}

export function ErrorNote({ error }: { error: ApiError | undefined | null }) {
  const text = useErrorText();
  if (!error) return null;
  return (
    <p role="alert" className="error-note" data-code={error.code}>
      {text(error)}
    </p>
  );
}

export function LanguageSwitch() {
  const { t, locale, setLocale } = useI18n();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <button type="button" className="link-button" lang={locale === 'zh-CN' ? 'en' : 'zh-CN'} onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
      {t('home.language')}
    </button>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}

/** A date and time in China time, in the reader's language. */
export function useFormat() {
  const { locale } = useI18n();
  const opts = { timeZone: 'Asia/Shanghai' } as const;
  return {
    date: (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString(locale, opts) : '—'),
    dateTime: (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(locale, { ...opts, dateStyle: 'medium', timeStyle: 'short' }) : '—'),
    number: (n: number) => n.toLocaleString(locale),
    percent: (n: number | null) => (n === null ? '—' : `${(n * 100).toFixed(1)}%`),
  };
}

export function Card({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  const hid = `${id}-h`;
  return (
    <section className="card" aria-labelledby={hid}>
      <h2 id={hid}>{title}</h2>
      {children}
    </section>
  );
}
