import { emailLanguage, renderEmail, type EmailBlock, type EmailLanguage, type RenderedEmail } from '../../../shared/mail/email-layout.js';
import type { StoredNotification } from '../notification-data.js';
import type { NotificationCopy, CopyFacts } from './notification-copy.js';
import { EN } from './notification-copy.en.js';
import { PT } from './notification-copy.pt.js';
import { RU } from './notification-copy.ru.js';
import { dateLocale, formatInstant, formatInterval, intervalInZones, knownTimeZone } from './notification-times.js';

const COPY: Record<EmailLanguage, NotificationCopy> = { en: EN, pt: PT, ru: RU };

/** Who reads it, from their profile. */
export interface TemplateRecipient {
  /** User input: escaped in HTML. */
  displayName: string;
  /** Picks the language (en, pt, ru; others read English) and date conventions. */
  locale: string;
  /** IANA zone: times are also shown in it when it reads differently from the site's. */
  timeZone: string;
}

export interface TemplateInput {
  notification: Pick<StoredNotification, 'id' | 'kind' | 'data'>;
  recipient: TemplateRecipient;
  /** Where the web client lives; links point there. */
  publicUrl: string;
}

/** A Web Push payload: small enough for every push service (they take 4 KiB). */
export interface PushMessage {
  /** The notification's id: the service worker's notification tag, so a repeated push replaces the one shown. */
  id: number;
  kind: StoredNotification['kind'];
  title: string;
  body: string;
  url: string;
}

const PUSH_BODY_MAX = 240;
const DEVICE_MAX = 200;

/** Where a notification leads in the web client: the booking, or the person's account. */
export function notificationUrl(publicUrl: string, notification: Pick<StoredNotification, 'data'>): string {
  const base = publicUrl.replace(/\/+$/, '');
  const booking = notification.data.booking;
  return booking ? `${base}/bookings/${encodeURIComponent(booking.bookingId)}` : `${base}/account`;
}

/** The email for one notification, in the reader's language (subject, plain text, HTML). */
export function notificationEmail(input: TemplateInput): RenderedEmail {
  const prepared = prepare(input);
  const { copy, facts } = prepared;
  const { notification, recipient } = input;
  const kind = copy.kinds[notification.kind];
  const blocks: EmailBlock[] = [{ text: kind.intro(facts) }];
  const details = detailsOf(notification, prepared);
  if (details.length > 0) blocks.push({ details });
  const outro = kind.outro?.(facts);
  if (outro) blocks.push({ text: outro });
  blocks.push({ link: notificationUrl(input.publicUrl, notification), label: notification.data.booking ? copy.actions.booking : copy.actions.account });
  return renderEmail({
    lang: copy.lang,
    subject: oneLine(kind.subject(facts)),
    greeting: copy.greeting(recipient.displayName.trim()),
    blocks,
    signature: copy.signature,
    linkFallback: copy.linkFallback,
  });
}

/** The Web Push message for one notification: title and a one-line body in the reader's language. */
export function notificationPush(input: TemplateInput): PushMessage {
  const { copy, facts } = prepare(input);
  const kind = copy.kinds[input.notification.kind];
  const body = oneLine((kind.push ?? kind.intro)(facts));
  return {
    id: input.notification.id,
    kind: input.notification.kind,
    title: oneLine(kind.subject(facts)),
    body: body.length > PUSH_BODY_MAX ? `${body.slice(0, PUSH_BODY_MAX - 1)}…` : body,
    url: notificationUrl(input.publicUrl, input.notification),
  };
}

interface Prepared {
  copy: NotificationCopy;
  facts: CopyFacts;
  /** Intl locale of dates. */
  locale: string;
  zones: { site: string; reader: string };
}

function prepare(input: TemplateInput): Prepared {
  const copy = COPY[emailLanguage(input.recipient.locale)];
  const locale = dateLocale(input.recipient.locale, copy.lang);
  const { booking, actor, disruption, login, rejectedBecause, reminder, twoFactor, passwordChangedVia } = input.notification.data;
  const reader = knownTimeZone(input.recipient.timeZone, 'UTC');
  const site = booking ? knownTimeZone(booking.timeZone, reader) : reader;
  const facts: CopyFacts = {
    space: booking?.spaceName ? copy.quote(booking.spaceName) : copy.someSpace,
    when: booking ? formatInterval(booking.start, booking.end, site, locale) : '',
    actor: actor ?? null,
    disruption: disruption
      ? {
          cause: disruption.cause,
          period: disruption.start && disruption.end ? formatInterval(disruption.start, disruption.end, site, locale) : null,
          resource: disruption.resourceName ?? null,
        }
      : null,
    login: login ? { at: formatInstant(login.at, reader, locale), device: deviceOf(login.userAgent, copy) } : null,
    rejectedBecause: rejectedBecause ?? null,
    lead: reminder ? copy.duration(reminder.leadMinutes) : null,
    twoFactor: twoFactor ?? null,
    passwordChangedVia: passwordChangedVia ?? null,
  };
  return { copy, facts, locale, zones: { site, reader } };
}

/** The labelled facts under the opening paragraph: what, where, when (both zones), why. */
function detailsOf({ data, kind }: TemplateInput['notification'], { copy, facts, locale, zones }: Prepared): { label: string; value: string }[] {
  const { labels } = copy;
  const rows: { label: string; value: string }[] = [];
  const { booking } = data;
  if (booking) {
    rows.push({ label: labels.space, value: booking.spaceName ?? copy.someSpace });
    const where = [booking.siteName, booking.siteAddress].filter((part): part is string => !!part?.trim()).join(', ');
    if (where) rows.push({ label: labels.site, value: where });
    const when = intervalInZones(booking.start, booking.end, zones, locale);
    rows.push({ label: labels.when, value: when.site });
    if (when.reader) rows.push({ label: labels.yourTime, value: when.reader });
    if (data.previous) rows.push({ label: labels.previous, value: formatInterval(data.previous.start, data.previous.end, zones.site, locale) });
    if (data.requested) rows.push({ label: labels.requested, value: formatInterval(data.requested.start, data.requested.end, zones.site, locale) });
    if (booking.purpose.trim()) rows.push({ label: labels.purpose, value: booking.purpose });
  }
  if (facts.disruption?.period) rows.push({ label: labels.closure, value: facts.disruption.period });
  if (facts.disruption?.resource) rows.push({ label: labels.resource, value: facts.disruption.resource });
  if (facts.login) rows.push({ label: labels.signedInAt, value: facts.login.at }, { label: labels.device, value: facts.login.device });
  if (data.reason?.trim()) rows.push({ label: kind === 'booking.approved' ? labels.comment : labels.reason, value: data.reason });
  return rows;
}

function deviceOf(userAgent: string | null, copy: NotificationCopy): string {
  const device = userAgent?.trim();
  if (!device) return copy.unknownDevice;
  return device.length > DEVICE_MAX ? `${device.slice(0, DEVICE_MAX - 1)}…` : device;
}

/** Header-safe: a name typed with a line break must not start a new header. */
function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ');
}
