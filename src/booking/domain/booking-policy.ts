import type { FieldIssue } from '../../shared/domain/errors.js';
import { DAY, MINUTE } from '../../shared/domain/time-range.js';
import { toLocal } from '../../shared/domain/time-zone.js';
import { parseInstant } from '../../scheduling/domain/parse-instant.js';
import type { ResourceSnapshot, SpaceSnapshot } from './booking.commands.js';
import type { ResourceLine } from './booking.events.js';
import { openIntervals } from './opening-hours.js';

export interface BookingRequestToCheck {
  space: SpaceSnapshot;
  /** Snapshots of the resources named in `lines` that exist. */
  resources: ResourceSnapshot[];
  lines: ResourceLine[];
  start: string;
  end: string;
  participants: number;
  now: string;
}

const isWholeAtLeast = (n: number, min: number) => Number.isInteger(n) && n >= min;

/**
 * Every way a requested (or changed) booking breaks the space's policy, named by input field
 * (`start`, `end`, `participants`, `resources.N.quantity`, …). Empty means it may be placed;
 * whether the slot is free is the schedule's decision, not this one.
 */
export function checkBookingRequest(request: BookingRequestToCheck): FieldIssue[] {
  const { space, now } = request;
  const { policy, timeZone } = space;
  const issues: FieldIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ field, message });

  if (space.retired) issue('spaceId', `space ${space.spaceId} is retired and can no longer be booked`);

  const start = parseInstant(request.start);
  const end = parseInstant(request.end);
  if (start === null) issue('start', 'start must be an ISO 8601 instant with a time zone offset, e.g. 2026-03-02T09:00:00Z');
  if (end === null) issue('end', 'end must be an ISO 8601 instant with a time zone offset, e.g. 2026-03-02T10:00:00Z');
  if (start !== null && end !== null) {
    const nowMs = parseInstant(now);
    if (nowMs === null) throw new Error(`now is not an ISO instant: ${now}`);
    const aligned = (instant: number) => instant % MINUTE === 0 && toLocal(instant, timeZone).minuteOfDay % policy.slotMinutes === 0;
    const slotRule = `a multiple of ${policy.slotMinutes} minutes after local midnight (${timeZone})`;

    if (start <= nowMs) issue('start', 'start must be in the future');
    else if (start > nowMs + policy.maxAdvanceDays * DAY) issue('start', `start must be at most ${policy.maxAdvanceDays} days ahead`);
    if (!aligned(start)) issue('start', `start must be ${slotRule}`);
    if (!aligned(end)) issue('end', `end must be ${slotRule}`);

    if (end <= start) {
      issue('end', 'end must be after start');
    } else {
      const minutes = (end - start) / MINUTE;
      if (minutes < policy.minDurationMinutes) issue('end', `the booking must last at least ${policy.minDurationMinutes} minutes (it lasts ${minutes})`);
      if (minutes > policy.maxDurationMinutes) issue('end', `the booking may last at most ${policy.maxDurationMinutes} minutes (it lasts ${minutes})`);
      const [open] = openIntervals(policy.openingHours, timeZone, start, end);
      if (open?.start !== start) issue('start', 'start is outside the opening hours of the space');
      else if (open.end !== end) issue('end', 'the booking runs past the opening hours of the space');
    }
  }

  if (!isWholeAtLeast(request.participants, 1)) issue('participants', 'participants must be a whole number of at least 1');
  else if (request.participants > space.capacity) issue('participants', `participants (${request.participants}) exceed the capacity of the space (${space.capacity})`);

  const seen = new Set<string>();
  request.lines.forEach((line, i) => {
    const field = `resources.${i}`;
    const resource = request.resources.find((r) => r.resourceId === line.resourceId);
    if (seen.has(line.resourceId)) issue(`${field}.resourceId`, `resource ${line.resourceId} is listed more than once`);
    else if (!resource) issue(`${field}.resourceId`, `resource ${line.resourceId} does not exist`);
    else if (resource.siteId !== space.siteId) issue(`${field}.resourceId`, `resource ${line.resourceId} belongs to another site than the space`);
    else if (resource.retired) issue(`${field}.resourceId`, `resource ${line.resourceId} is retired`);
    seen.add(line.resourceId);
    if (!isWholeAtLeast(line.quantity, 1)) issue(`${field}.quantity`, 'quantity must be a whole number of at least 1');
    else if (resource && line.quantity > resource.quantity) issue(`${field}.quantity`, `quantity (${line.quantity}) exceeds the stock of resource ${line.resourceId} (${resource.quantity})`);
  });

  return issues;
}
