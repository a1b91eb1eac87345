import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.js';
import { toIso } from '../../shared/domain/time-range.js';
import { parseInstant } from '../../scheduling/domain/parse-instant.js';
import { planReservations, releasesFor } from '../../scheduling/domain/plan-reservations.js';
import type { ReleaseSlot } from '../../scheduling/domain/schedule.commands.js';
import type { AbandonBlackout, BlackoutCommand, LiftBlackout, RequestBlackout, SettleBlackout } from './catalog.commands.js';
import type { BlackoutEvent, BlackoutRequested } from './catalog.events.js';
import { Issues } from './catalog-validation.js';

export type Blackout = { status: 'placing' | 'declared' | 'refused' | 'lifted' } & BlackoutRequested['data'];
export type BlackoutState = { status: 'absent' } | Blackout;

const STATUS_LABEL: Record<Blackout['status'], string> = { placing: 'still being placed', declared: 'declared', refused: 'refused', lifted: 'lifted' };

function existingBlackout(state: BlackoutState, blackoutId: string): Blackout {
  if (state.status === 'absent') throw new NotFoundError('blackout', blackoutId);
  return state;
}

function requestBlackout(command: RequestBlackout['data'], state: BlackoutState): BlackoutEvent[] {
  const { blackoutId, target, capacity } = command;
  if (state.status !== 'absent') throw new ConflictError(`blackout ${blackoutId} already exists`);
  const issues = new Issues();
  issues.nonEmpty('reason', command.reason);
  const start = parseInstant(command.start);
  const end = parseInstant(command.end);
  const now = parseInstant(command.now);
  if (now === null) throw new Error(`now is not an ISO instant: ${command.now}`);
  if (start === null) issues.add('start', 'start must be an ISO 8601 instant with a time zone offset, e.g. 2026-03-02T09:00:00Z');
  if (end === null) issues.add('end', 'end must be an ISO 8601 instant with a time zone offset, e.g. 2026-03-02T10:00:00Z');
  if (start !== null && end !== null && end <= start) issues.add('end', 'end must be after start');
  else if (end !== null && end <= now) issues.add('end', 'a blackout must end in the future');
  if (target.kind === 'resource') {
    issues.wholeNumber('target.quantity', target.quantity, 1);
    if (target.quantity > capacity) issues.add('target.quantity', `target.quantity (${target.quantity}) exceeds the stock of resource ${target.resourceId} (${capacity})`);
  }
  issues.throwIfAny();

  const placement = 1;
  const hold = target.kind === 'space'
    ? { targetId: target.spaceId, targetKind: 'space' as const, quantity: 1, capacity: 1 }
    : { targetId: target.resourceId, targetKind: 'resource' as const, quantity: target.quantity, capacity };
  const plan = planReservations({ holds: [{ ...hold, start: start!, end: end! }], timeZone: command.timeZone, holder: { kind: 'blackout', id: blackoutId }, placement });
  return [{
    type: 'BlackoutRequested',
    data: { blackoutId, siteId: command.siteId, timeZone: command.timeZone, target, start: toIso(start!), end: toIso(end!), reason: command.reason, placement, ...plan },
  }];
}

function settleBlackout({ blackoutId, placement, conflicts }: SettleBlackout['data'], state: BlackoutState): BlackoutEvent[] {
  const blackout = existingBlackout(state, blackoutId);
  if (blackout.status !== 'placing' || blackout.placement !== placement) return [];
  if (conflicts.length === 0) return [{ type: 'BlackoutDeclared', data: { blackoutId } }];
  return [{ type: 'BlackoutRefused', data: { blackoutId, reason: 'conflict', conflicts } }];
}

function abandonBlackout({ blackoutId, placement }: AbandonBlackout['data'], state: BlackoutState): BlackoutEvent[] {
  const blackout = existingBlackout(state, blackoutId);
  if (blackout.status !== 'placing' || blackout.placement !== placement) return [];
  return [{ type: 'BlackoutRefused', data: { blackoutId, reason: 'abandoned', conflicts: [] } }];
}

function liftBlackout({ blackoutId, reason }: LiftBlackout['data'], state: BlackoutState): BlackoutEvent[] {
  const blackout = existingBlackout(state, blackoutId);
  if (blackout.status !== 'declared') throw new ConflictError(`blackout ${blackoutId} cannot be lifted: it is ${STATUS_LABEL[blackout.status]}`);
  const issues = new Issues();
  issues.nonEmpty('reason', reason);
  issues.throwIfAny();
  return [{ type: 'BlackoutLifted', data: { blackoutId, reason } }];
}

/** Reservations to release once the blackout no longer holds the schedule (refused or lifted); releasing is idempotent. */
export function blackoutReservationsToRelease(state: BlackoutState): ReleaseSlot['data'][] {
  return state.status === 'refused' || state.status === 'lifted' ? releasesFor(state.reservations) : [];
}

/** A blackout (stream `blackout-<id>`), placed on the schedule like a booking. */
export const blackoutDecider: Decider<BlackoutState, BlackoutCommand, BlackoutEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command, state) {
    switch (command.type) {
      case 'RequestBlackout':
        return requestBlackout(command.data, state);
      case 'SettleBlackout':
        return settleBlackout(command.data, state);
      case 'AbandonBlackout':
        return abandonBlackout(command.data, state);
      case 'LiftBlackout':
        return liftBlackout(command.data, state);
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    if (event.type === 'BlackoutRequested') return { status: 'placing', ...event.data };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'BlackoutDeclared':
        return { ...state, status: 'declared' };
      case 'BlackoutRefused':
        return { ...state, status: 'refused' };
      case 'BlackoutLifted':
        return { ...state, status: 'lifted' };
      default:
        return assertNever(event);
    }
  },
};
