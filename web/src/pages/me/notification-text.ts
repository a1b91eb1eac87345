import type { Notification } from '../../api/types.js';
import type { MessageKey, Translate } from '../../i18n/i18n.js';

/** How a notification reads in the inbox: one sentence, the facts under it, and where it leads. */
export interface NotificationText {
  sentence: string;
  details: string[];
  link: { to: string; label: MessageKey };
}

export interface TimeWords {
  /** A booking's time range in the viewer's zone. */
  range(start: string, end: string): string;
  /** One instant in the viewer's zone. */
  format(instant: string): string;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(A|iOS)?\//, 'Edge'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS/, 'Firefox'],
  [/Chrome\/|Chromium\/|CriOS/, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/CrOS/, 'ChromeOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Linux" from a user agent: the raw string means little to people. */
export function describeDevice(userAgent: string | null | undefined, t: Translate): string {
  const ua = userAgent?.trim();
  if (!ua) return t('me.n.unknownDevice');
  const browser = BROWSERS.find(([re]) => re.test(ua))?.[1];
  const system = SYSTEMS.find(([re]) => re.test(ua))?.[1];
  if (browser && system) return t('me.n.device', { browser, system });
  return browser ?? system ?? (ua.length > 60 ? `${ua.slice(0, 59)}…` : ua);
}

/** "2 hours", "15 minutes", "1 day": a reminder's lead time. */
export function leadTime(minutes: number, t: Translate): string {
  if (minutes % 1440 === 0) return t('me.duration.days', { count: minutes / 1440 });
  if (minutes % 60 === 0) return t('me.duration.hours', { count: minutes / 60 });
  return t('me.duration.minutes', { count: minutes });
}

const ACCOUNT_LINK: NotificationText['link'] = { to: '/me/security', label: 'me.inbox.openSettings' };

/** A notification in the reader's language, from its kind and data (as the emails tell it, shorter). */
export function notificationText({ kind, data }: Pick<Notification, 'kind' | 'data'>, t: Translate, time: TimeWords): NotificationText {
  const { booking } = data;
  const space = booking?.spaceName ? t('me.n.space', { name: booking.spaceName }) : t('me.n.someSpace');
  const when = booking ? time.range(booking.start, booking.end) : '';
  const by = data.actor ? t(`me.n.by.${data.actor}`) : '';
  const vars = { space, when, by };
  const details: string[] = [];
  const link: NotificationText['link'] = booking ? { to: `/bookings/${encodeURIComponent(booking.bookingId)}`, label: 'me.inbox.openBooking' } : ACCOUNT_LINK;
  let sentence: string;
  switch (kind) {
    case 'booking.requested':
      sentence = t(data.actor === 'staff' ? 'me.n.booking.requested.staff' : 'me.n.booking.requested', vars);
      break;
    case 'booking.rejected':
    case 'booking.change_rejected':
      sentence = t(data.rejectedBecause === 'conflict' ? `me.n.${kind}.conflict` : data.rejectedBecause === 'abandoned' && kind === 'booking.rejected' ? 'me.n.booking.rejected.abandoned' : `me.n.${kind}`, vars);
      if (data.requested) details.push(t('me.n.requested', { when: time.range(data.requested.start, data.requested.end) }));
      break;
    case 'booking.changed':
      sentence = t('me.n.booking.changed', vars);
      if (data.previous) details.push(t('me.n.previous', { when: time.range(data.previous.start, data.previous.end) }));
      break;
    case 'booking.reminder':
      sentence = data.reminder ? t('me.n.booking.reminder', { ...vars, lead: leadTime(data.reminder.leadMinutes, t) }) : t('me.n.booking.reminder.soon', vars);
      break;
    case 'booking.disrupted': {
      const d = data.disruption;
      if (d?.cause === 'resource_retired')
        sentence = d.resourceName ? t('me.n.booking.disrupted.resource', { ...vars, resource: d.resourceName }) : t('me.n.booking.disrupted.someResource', vars);
      else {
        sentence = t('me.n.booking.disrupted', vars);
        if (d?.start && d.end) details.push(t('me.n.closure', { when: time.range(d.start, d.end) }));
      }
      break;
    }
    case 'account.email_verified':
      return { sentence: t('me.n.account.email_verified'), details, link: { to: '/me', label: 'me.inbox.openSettings' } };
    case 'account.password_changed':
      sentence = t(data.passwordChangedVia === 'reset' ? 'me.n.account.password_changed.reset' : 'me.n.account.password_changed');
      details.push(t('me.n.notYou'));
      break;
    case 'account.new_login':
      sentence = data.login ? t('me.n.account.new_login', { device: describeDevice(data.login.userAgent, t), at: time.format(data.login.at) }) : t('me.n.account.new_login.plain');
      details.push(t('me.n.notYou'));
      break;
    case 'account.two_factor_changed':
      sentence = t(data.twoFactor ? `me.n.account.two_factor_changed.${data.twoFactor}` : 'me.n.account.two_factor_changed');
      details.push(t('me.n.notYou'));
      break;
    default:
      // The remaining kinds read the same whoever acted: one message each.
      sentence = t(`me.n.${kind}`, vars);
  }
  if (data.reason?.trim()) details.push(t(kind === 'booking.approved' ? 'me.n.comment' : 'me.n.reason', { reason: data.reason.trim() }));
  return { sentence, details, link };
}
