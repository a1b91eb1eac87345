import type { Locale, Message } from './define-messages.js';
import { messages as admin } from './messages/admin.js';
import { messages as analytics } from './messages/analytics.js';
import { messages as audit } from './messages/audit.js';
import { messages as auth } from './messages/auth.js';
import { messages as bookings } from './messages/bookings.js';
import { messages as calendar } from './messages/calendar.js';
import { messages as common } from './messages/common.js';
import { messages as me } from './messages/me.js';
import { messages as search } from './messages/search.js';
import { messages as spaces } from './messages/spaces.js';

const areas = [common, auth, search, spaces, calendar, bookings, me, admin, analytics, audit] as const;

type AreaKeys<A> = A extends { en: Record<infer K, Message> } ? K : never;
export type MessageKey = AreaKeys<(typeof areas)[number]>;

export const catalog: Record<Locale, Record<string, Message>> = {
  en: Object.assign({}, ...areas.map((a) => a.en)),
  pt: Object.assign({}, ...areas.map((a) => a.pt)),
  ru: Object.assign({}, ...areas.map((a) => a.ru)),
};
