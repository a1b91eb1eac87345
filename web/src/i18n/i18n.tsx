import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { catalog, type MessageKey } from './catalog.js';
import { LOCALES, type Locale } from './define-messages.js';

export type { MessageKey } from './catalog.js';
export type { Locale } from './define-messages.js';
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'reserva.locale';

/** `pt-BR` → `pt`; anything we don't speak → undefined. */
export function supportedLocale(tag: string | null | undefined): Locale | undefined {
  const base = tag?.toLowerCase().split('-')[0];
  return LOCALES.find((l) => l === base);
}

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const message = catalog[locale][key] ?? catalog.en[key] ?? key;
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const form = new Intl.PluralRules(locale).select(Number(vars.count ?? 0));
    text = message[form as 'one' | 'few' | 'many'] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'en';
  return supportedLocale(localStorage.getItem(STORAGE_KEY)) ?? supportedLocale(navigator.language) ?? 'en';
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }), [locale, setLocale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

export function useT(): Translate {
  return useI18n().t;
}
