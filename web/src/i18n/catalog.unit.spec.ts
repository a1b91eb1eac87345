import { describe, expect, it } from 'vitest';
import { catalog } from './catalog.js';
import { LOCALES, type Message } from './define-messages.js';
import { translate, supportedLocale } from './i18n.js';

const texts = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m).filter((v): v is string => typeof v === 'string'));
const placeholders = (m: Message): string[] => [...new Set(texts(m).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].sort();

describe('message catalog', () => {
  const keys = Object.keys(catalog.en);

  it('has every English key in Portuguese and Russian, none empty', () => {
    expect(keys.length).toBeGreaterThan(50);
    for (const locale of LOCALES) {
      const missing = keys.filter((k) => catalog[locale][k] === undefined);
      expect(missing, `${locale} misses keys`).toEqual([]);
      const empty = keys.filter((k) => texts(catalog[locale][k]!).some((t) => t.trim() === ''));
      expect(empty, `${locale} has empty texts`).toEqual([]);
      const extra = Object.keys(catalog[locale]).filter((k) => catalog.en[k] === undefined);
      expect(extra, `${locale} has keys English lacks`).toEqual([]);
    }
  });

  it('uses the same placeholders in every language', () => {
    for (const key of keys)
      for (const locale of ['pt', 'ru'] as const) expect(placeholders(catalog[locale][key]!), `${locale} ${key}`).toEqual(placeholders(catalog.en[key]!));
  });

  it('chooses Russian plural forms by count', () => {
    expect(translate('ru', 'app.unread', { count: 1 })).toBe('1 непрочитанное уведомление');
    expect(translate('ru', 'app.unread', { count: 3 })).toBe('3 непрочитанных уведомления');
    expect(translate('ru', 'app.unread', { count: 11 })).toBe('11 непрочитанных уведомлений');
    expect(translate('en', 'app.unread', { count: 1 })).toBe('1 unread notification');
    expect(translate('en', 'app.unread', { count: 2 })).toBe('2 unread notifications');
  });

  it('maps browser language tags to the languages we speak', () => {
    expect(supportedLocale('pt-BR')).toBe('pt');
    expect(supportedLocale('ru')).toBe('ru');
    expect(supportedLocale('de-DE')).toBeUndefined();
  });
});
