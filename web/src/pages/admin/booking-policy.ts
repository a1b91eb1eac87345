import type { BookingPolicy } from '../../api/types.js';
import { clockOf, minutesOf } from '../../time/datetime-local.js';
import { WEEKDAYS, type Weekday } from '../spaces/opening-hours.js';
import { checked, wholeNumber, type Checked, type FormErrors } from './form-errors.js';

/** One opening window as the time inputs hold it (`HH:MM`). */
export interface WindowValues {
  open: string;
  close: string;
}

/** The policy as a form holds it: numbers as typed, opening hours per weekday (no windows = closed). */
export interface PolicyValues {
  alwaysOpen: boolean;
  hours: Record<Weekday, WindowValues[]>;
  slotMinutes: string;
  minDurationMinutes: string;
  maxDurationMinutes: string;
  maxAdvanceDays: string;
  bufferMinutes: string;
  changeDeadlineMinutes: string;
  approvalRequired: boolean;
}

export const NUMBER_FIELDS = ['slotMinutes', 'minDurationMinutes', 'maxDurationMinutes', 'maxAdvanceDays', 'bufferMinutes', 'changeDeadlineMinutes'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

/** The bounds the API accepts (BookingPolicy in src/http/contracts/spaces.contracts.ts). */
export const LIMITS: Record<NumberField, { min: number; max: number }> = {
  slotMinutes: { min: 1, max: 1440 },
  minDurationMinutes: { min: 1, max: 1_000_000 },
  maxDurationMinutes: { min: 1, max: 1_000_000 },
  maxAdvanceDays: { min: 1, max: 3660 },
  bufferMinutes: { min: 0, max: 1440 },
  changeDeadlineMinutes: { min: 0, max: 1_000_000 },
};
const MAX_WINDOWS = 12;
const DAY = 1440;

/** A policy for a new space: 08:00–20:00 on weekdays, a 15-minute grid, no approval. */
export const DEFAULT_POLICY: BookingPolicy = {
  openingHours: { mon: [{ open: 480, close: 1200 }], tue: [{ open: 480, close: 1200 }], wed: [{ open: 480, close: 1200 }], thu: [{ open: 480, close: 1200 }], fri: [{ open: 480, close: 1200 }] },
  slotMinutes: 15,
  minDurationMinutes: 30,
  maxDurationMinutes: 240,
  maxAdvanceDays: 90,
  bufferMinutes: 0,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
};

export function policyValues(policy: BookingPolicy): PolicyValues {
  const hours = Object.fromEntries(
    WEEKDAYS.map((day) => [day, (policy.openingHours?.[day] ?? []).map((w) => ({ open: clockOf(w.open), close: clockOf(w.close) }))]),
  ) as Record<Weekday, WindowValues[]>;
  return {
    alwaysOpen: policy.openingHours === null,
    hours,
    slotMinutes: String(policy.slotMinutes),
    minDurationMinutes: String(policy.minDurationMinutes),
    maxDurationMinutes: String(policy.maxDurationMinutes),
    maxAdvanceDays: String(policy.maxAdvanceDays),
    bufferMinutes: String(policy.bufferMinutes),
    changeDeadlineMinutes: String(policy.changeDeadlineMinutes),
    approvalRequired: policy.approvalRequired,
  };
}

/**
 * The form → the BookingPolicy the API takes, or the errors by field (`slotMinutes`,
 * `hours.tue.0` for a window). Checks what the API checks, plus overlapping windows.
 */
export function policyFromValues(values: PolicyValues): Checked<BookingPolicy> {
  const errors: FormErrors = {};
  const numbers = {} as Record<NumberField, number>;
  for (const field of NUMBER_FIELDS) {
    const parsed = wholeNumber(values[field], LIMITS[field].min, LIMITS[field].max);
    if (typeof parsed === 'number') numbers[field] = parsed;
    else errors[field] = parsed;
  }
  if (!errors.minDurationMinutes && !errors.maxDurationMinutes && numbers.maxDurationMinutes < numbers.minDurationMinutes) {
    errors.maxDurationMinutes = { key: 'admin.policy.error.maxBelowMin' };
  }
  let openingHours: BookingPolicy['openingHours'] = null;
  if (!values.alwaysOpen) {
    const days: NonNullable<BookingPolicy['openingHours']> = {};
    for (const day of WEEKDAYS) {
      const windows = values.hours[day];
      if (windows.length === 0) continue;
      if (windows.length > MAX_WINDOWS) errors[`hours.${day}`] = { key: 'admin.policy.error.tooManyWindows', vars: { max: MAX_WINDOWS } };
      const parsed = windows.map((w, i) => {
        const open = minutesOf(w.open);
        const rawClose = minutesOf(w.close);
        const close = rawClose === 0 ? DAY : rawClose;
        if (open === undefined || close === undefined) errors[`hours.${day}.${i}`] = { key: 'admin.policy.error.time' };
        else if (close <= open) errors[`hours.${day}.${i}`] = { key: 'admin.policy.error.closeBeforeOpen' };
        return { open: open ?? 0, close: close ?? 0 };
      });
      const sorted = parsed.map((w, i) => ({ ...w, i })).sort((a, b) => a.open - b.open);
      for (let k = 1; k < sorted.length; k++) {
        const { i } = sorted[k]!;
        if (sorted[k]!.open < sorted[k - 1]!.close) errors[`hours.${day}.${i}`] ??= { key: 'admin.policy.error.overlap' };
      }
      days[day] = sorted.map(({ open, close }) => ({ open, close }));
    }
    openingHours = days;
  }
  return checked({ openingHours, ...numbers, approvalRequired: values.approvalRequired }, errors);
}
