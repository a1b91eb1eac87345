import type { FieldIssue } from '../../shared/domain/errors.js';
import { ValidationError } from '../../shared/domain/errors.js';
import type { Weekday } from '../../shared/domain/time-zone.js';
import type { BookingPolicy } from './catalog.types.js';

/** Collects field issues and throws them together, so a client sees every problem at once. */
export class Issues {
  readonly list: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.list.push({ field, message });
  }

  nonEmpty(field: string, value: string): void {
    if (value.trim() === '') this.add(field, `${field} must not be empty`);
  }

  wholeNumber(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(field, max === Number.MAX_SAFE_INTEGER ? `${field} must be a whole number of at least ${min}` : `${field} must be a whole number from ${min} to ${max}`);
    }
  }

  oneOf<T extends string>(field: string, value: T, allowed: readonly T[]): void {
    if (!allowed.includes(value)) this.add(field, `${field} must be one of ${allowed.join(', ')}`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new ValidationError(this.list);
  }
}

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** A booking policy's rules, field names under `policy.` as in the API input. */
export function checkBookingPolicy(policy: BookingPolicy, issues: Issues): void {
  const { slotMinutes, minDurationMinutes, maxDurationMinutes } = policy;
  issues.wholeNumber('policy.slotMinutes', slotMinutes, 1, 1440);
  if (Number.isInteger(slotMinutes) && slotMinutes >= 1 && slotMinutes <= 1440 && 1440 % slotMinutes !== 0) {
    issues.add('policy.slotMinutes', 'policy.slotMinutes must divide a day (1440 minutes) evenly, e.g. 15, 30 or 60');
  }
  issues.wholeNumber('policy.minDurationMinutes', minDurationMinutes, 1);
  issues.wholeNumber('policy.maxDurationMinutes', maxDurationMinutes, 1);
  if (Number.isInteger(minDurationMinutes) && Number.isInteger(maxDurationMinutes) && maxDurationMinutes < minDurationMinutes) {
    issues.add('policy.maxDurationMinutes', 'policy.maxDurationMinutes must not be less than policy.minDurationMinutes');
  }
  issues.wholeNumber('policy.maxAdvanceDays', policy.maxAdvanceDays, 1);
  issues.wholeNumber('policy.bufferMinutes', policy.bufferMinutes, 0);
  issues.wholeNumber('policy.changeDeadlineMinutes', policy.changeDeadlineMinutes, 0);

  if (policy.openingHours === null) return;
  for (const [day, windows] of Object.entries(policy.openingHours)) {
    const field = `policy.openingHours.${day}`;
    if (!WEEKDAYS.includes(day as Weekday)) {
      issues.add(field, `${day} is not a weekday; use ${WEEKDAYS.join(', ')}`);
      continue;
    }
    (windows ?? []).forEach((window, i) => {
      if (!Number.isInteger(window.open) || !Number.isInteger(window.close) || window.open < 0 || window.close > 1440 || window.open >= window.close) {
        issues.add(`${field}.${i}`, 'an opening window needs whole minutes with 0 ≤ open < close ≤ 1440');
      } else if (i > 0 && window.open < windows![i - 1]!.close) {
        issues.add(`${field}.${i}`, 'opening windows must be in order and must not overlap');
      }
    });
  }
}

/** An absolute http(s) URL or a path on this server (`/photos/a.png`). */
export function isPhotoUrl(url: string): boolean {
  if (/\s/.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//');
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
