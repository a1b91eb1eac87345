import type { EmailLanguage } from '../../../shared/mail/email-layout.js';

/**
 * The Intl locale dates are written in: the person's own locale when it is of the email's
 * language (en-GB, pt-BR keep their conventions), else the language itself, so an English email
 * to a `de-DE` reader does not mix German dates into English text.
 */
export function dateLocale(locale: string, lang: EmailLanguage): string {
  try {
    const [supported] = Intl.DateTimeFormat.supportedLocalesOf([locale.replace(/_/g, '-')]);
    return supported !== undefined && supported.split('-')[0]!.toLowerCase() === lang ? supported : lang;
  } catch {
    // Not a well-formed language tag.
    return lang;
  }
}

/** `timeZone` when Intl knows it, else `fallback` (a profile written before zones were validated). */
export function knownTimeZone(timeZone: string, fallback: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return fallback;
  }
}

const RANGE: Intl.DateTimeFormatOptions = { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
const INSTANT: Intl.DateTimeFormatOptions = { ...RANGE, timeZoneName: 'short' };

/** `Tue, 7 May 2030, 09:00 WEST`: one instant as read in `timeZone`. */
export function formatInstant(at: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { ...INSTANT, timeZone }).format(new Date(at));
}

/** `Tue, 7 May 2030, 09:00–10:30 (Europe/Lisbon)`: the interval as read in `timeZone`. */
export function formatInterval(start: string, end: string, timeZone: string, locale: string): string {
  return `${bareInterval(start, end, timeZone, locale)} (${timeZone})`;
}

/**
 * The interval in the site's zone and, when the reader's zone shows it differently, in theirs
 * too: someone booking a room in another city sees both.
 */
export function intervalInZones(start: string, end: string, zones: { site: string; reader: string }, locale: string): { site: string; reader: string | null } {
  const site = bareInterval(start, end, zones.site, locale);
  const reader = bareInterval(start, end, zones.reader, locale);
  return { site: `${site} (${zones.site})`, reader: reader === site ? null : `${reader} (${zones.reader})` };
}

function bareInterval(start: string, end: string, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { ...RANGE, timeZone }).formatRange(new Date(start), new Date(end));
}
