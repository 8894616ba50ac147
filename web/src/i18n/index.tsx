import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zhCN, type MessageKey as RoomMessageKey } from './zh-CN';
import { en } from './en';
import { consoleZhCN, type ConsoleMessageKey } from './console.zh-CN';
import { consoleEn } from './console.en';
import { roomZhCN, type RoomUiMessageKey } from './room.zh-CN';
import { roomEn } from './room.en';
import { lawyerZhCN, type LawyerMessageKey } from './lawyer.zh-CN';
import { lawyerEn } from './lawyer.en';
import { adminZhCN, type AdminMessageKey } from './admin.zh-CN';
import { adminEn } from './admin.en';
import { errorsZhCN, type ErrorsMessageKey } from './errors.zh-CN';
import { errorsEn } from './errors.en';
import { kioskRoomZhCN, type KioskRoomMessageKey } from './kiosk-room.zh-CN';
import { kioskRoomEn } from './kiosk-room.en';

export type Locale = 'zh-CN' | 'en';
/** Every key: the room's catalog (zh-CN.ts / en.ts), the staff, party and device pages' (console.*.ts), the live room's UI (room.*.ts), the lawyer console's (lawyer.*.ts) and the county administrator's (admin.*.ts). */
export type MessageKey = RoomMessageKey | ConsoleMessageKey | RoomUiMessageKey | LawyerMessageKey | AdminMessageKey | ErrorsMessageKey | KioskRoomMessageKey;
const catalogs: Record<Locale, Record<MessageKey, string>> = {
  'zh-CN': { ...errorsZhCN, ...zhCN, ...consoleZhCN, ...roomZhCN, ...lawyerZhCN, ...adminZhCN, ...kioskRoomZhCN },
  en: { ...errorsEn, ...en, ...consoleEn, ...roomEn, ...lawyerEn, ...adminEn, ...kioskRoomEn },
};
const STORAGE_KEY = 'shuoshi.locale';

/** Replaces {name} placeholders with values. */
export function format(template: string, vars?: Record<string, string | number>): string {
  return vars ? template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : template;
}

/** Whether a key exists (e.g. `error.<CODE>` for a server error code). */
export function hasMessage(key: string): key is MessageKey {
  return key in catalogs['zh-CN'];
}

export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  return format(catalogs[locale][key], vars);
}

interface I18n {
  locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
}
const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en' ? 'en' : 'zh-CN'; // Chinese first, whatever the browser says
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLocaleState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (k, v) => translate(locale, k, v) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The i18n context; throws outside its provider. */
export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}
