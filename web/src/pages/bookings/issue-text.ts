import type { MessageKey, Translate } from '../../i18n/i18n.js';
import { formatDuration } from './format-duration.js';

type Vars = Record<string, string | number>;
type Rule = [RegExp, MessageKey, (m: RegExpMatchArray, fmt: Formatters) => Vars];

interface Formatters {
  duration(minutes: number): string;
  instant(iso: string): string;
}

const none = () => ({});

// The booking rules' field messages (src/booking/domain/booking-policy.ts, booking.decider.ts) and the
// contract's, matched so people read them in their language; an unknown one is shown as the server wrote it.
const RULES: Rule[] = [
  [/^start must be in the future$/, 'bookings.issue.past', none],
  [/^start must be at most (\d+) days ahead$/, 'bookings.issue.tooFarAhead', (m) => ({ count: Number(m[1]) })],
  [/^(?:start|end) must be a multiple of (\d+) minutes after local midnight/, 'bookings.issue.slot', (m, f) => ({ step: f.duration(Number(m[1])) })],
  [/^end must be after start$/, 'bookings.issue.endBeforeStart', none],
  [/^the booking must last at least (\d+) minutes \(it lasts (\d+)\)$/, 'bookings.issue.tooShort', (m, f) => ({ min: f.duration(Number(m[1])), actual: f.duration(Number(m[2])) })],
  [/^the booking may last at most (\d+) minutes \(it lasts (\d+)\)$/, 'bookings.issue.tooLong', (m, f) => ({ max: f.duration(Number(m[1])), actual: f.duration(Number(m[2])) })],
  [/^start is outside the opening hours of the space$/, 'bookings.issue.closedAtStart', none],
  [/^the booking runs past the opening hours of the space$/, 'bookings.issue.closedBeforeEnd', none],
  [/^participants \((\d+)\) exceed the capacity of the space \((\d+)\)$/, 'bookings.issue.overCapacity', (m) => ({ count: Number(m[1]), capacity: Number(m[2]) })],
  [/^(?:participants|quantity) must be a whole number of at least 1$/, 'bookings.issue.wholeNumber', none],
  [/^quantity \((\d+)\) exceeds the stock of resource \S+ \((\d+)\)$/, 'bookings.issue.overStock', (m) => ({ quantity: Number(m[1]), stock: Number(m[2]) })],
  [/^resource \S+ is listed more than once$|^each resource may appear once$/, 'bookings.issue.resourceTwice', none],
  [/^resource \S+ does not exist$/, 'bookings.issue.resourceMissing', none],
  [/^resource \S+ belongs to another site than the space$/, 'bookings.issue.resourceOtherSite', none],
  [/^resource \S+ is retired$/, 'bookings.issue.resourceRetired', none],
  [/^space \S+ is retired and can no longer be booked$/, 'bookings.issue.spaceRetired', none],
  [/^the change deadline \((\S+), \d+ minutes before start\) has passed$/, 'bookings.issue.changeDeadline', (m, f) => ({ deadline: f.instant(m[1]!) })],
  [/^the cancellation deadline \((\S+), \d+ minutes before start\) has passed$/, 'bookings.issue.cancelDeadline', (m, f) => ({ deadline: f.instant(m[1]!) })],
  [/^check-in opens at (\S+), \d+ minutes before start$/, 'bookings.issue.checkInNotYet', (m, f) => ({ time: f.instant(m[1]!) })],
  [/^the booking ended at (\S+); it can no longer be checked in$/, 'bookings.issue.checkInOver', (m, f) => ({ time: f.instant(m[1]!) })],
  [/^is required$/, 'bookings.issue.required', none],
];

/** A field message of the API, told in the viewer's language when it is one we know. */
export function issueText(t: Translate, message: string, locale: string, instant: (iso: string) => string): string {
  const fmt: Formatters = { duration: (minutes) => formatDuration(minutes, locale), instant };
  for (const [pattern, key, vars] of RULES) {
    const m = pattern.exec(message);
    if (m) return t(key, vars(m, fmt));
  }
  return message;
}
