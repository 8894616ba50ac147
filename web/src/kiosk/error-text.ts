import { hasMessage, type MessageKey } from '../i18n';

type T = (k: MessageKey, v?: Record<string, string | number>) => string;

/** A kiosk's words for a refusal: what went wrong (the catalog's `error.<CODE>`), then "ask the grid worker"; never the code itself. */
export function kioskErrorText(t: T, code: string | null | undefined): string {
  const key = `error.${code ?? ''}`;
  return t('kiosk.error', { reason: code && hasMessage(key) ? t(key) : '' });
}
