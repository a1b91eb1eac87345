import { describe, expect, it } from 'vitest';
import type { BookingCommand, ResourceSnapshot, SpaceSnapshot } from '../booking/domain/booking.commands.js';
import { bookingDecider, placementBeingPlaced, type BookingState } from '../booking/domain/booking.decider.js';
import { PERMISSIONS, permissionsOfRoles, type Permission } from '../identity/domain/permissions.js';
import { toIso } from '../shared/domain/time-range.js';
import { planDemoActivity, type DemoActivityPlan, type PlannedStep } from './demo-activity-plan.js';
import { DEMO_ORGANISATION } from './demo-organisation.js';

const now = new Date('2025-11-20T10:00:00Z');
const plan = planDemoActivity(DEMO_ORGANISATION, { now });

const siteOf = new Map(DEMO_ORGANISATION.sites.flatMap((site) => site.spaces.map((s) => [s.spaceId, site] as const)));
const spaceSnapshot = (spaceId: string): SpaceSnapshot => {
  const site = siteOf.get(spaceId)!;
  const s = site.spaces.find((x) => x.spaceId === spaceId)!;
  return { spaceId, siteId: site.siteId, timeZone: site.timeZone, capacity: s.capacity, policy: s.policy, retired: false };
};
const resourceSnapshots = (spaceId: string): ResourceSnapshot[] => {
  const site = siteOf.get(spaceId)!;
  return site.resources.map((r) => ({ resourceId: r.resourceId, siteId: site.siteId, quantity: r.quantity, retired: false }));
};
const permissionsOf = (userId: string) => permissionsOfRoles(DEMO_ORGANISATION.users.find((u) => u.userId === userId)?.roles ?? []);

const NEEDS: Record<PlannedStep['kind'], Permission> = {
  declareBlackout: PERMISSIONS.blackoutManage,
  request: PERMISSIONS.bookingCreate,
  approve: PERMISSIONS.bookingApprove,
  reject: PERMISSIONS.bookingApprove,
  change: PERMISSIONS.bookingChangeOwn,
  cancel: PERMISSIONS.bookingCancelOwn,
  checkIn: PERMISSIONS.bookingCheckIn,
  complete: PERMISSIONS.bookingAttendanceManage,
  noShow: PERMISSIONS.bookingAttendanceManage,
};

/** Replays every booking step through the real (pure) booking decider, settling each placement at once. */
function replay(p: DemoActivityPlan): Map<number, BookingState> {
  const states = new Map<number, BookingState>();
  const apply = (ref: number, command: BookingCommand) => {
    let state = states.get(ref) ?? bookingDecider.initialState();
    for (const event of bookingDecider.decide(command, state)) state = bookingDecider.evolve(state, event);
    const placing = placementBeingPlaced(state);
    if (placing && state.status !== 'absent') {
      for (const event of bookingDecider.decide({ type: 'SettlePlacement', data: { bookingId: state.bookingId, placement: placing.placement, conflicts: [] } }, state)) state = bookingDecider.evolve(state, event);
    }
    states.set(ref, state);
  };
  for (const step of p.steps) {
    if (step.kind === 'declareBlackout') continue;
    const b = p.bookings[step.booking]!;
    const bookingId = `booking-${step.booking}`;
    const at = toIso(step.at);
    const space = spaceSnapshot(b.spaceId);
    const resources = resourceSnapshots(b.spaceId);
    try {
      switch (step.kind) {
        case 'request':
          apply(step.booking, { type: 'RequestBooking', data: { bookingId, bookerId: b.bookerId, space, resources, lines: b.resources, start: toIso(b.start), end: toIso(b.end), purpose: b.purpose, participants: b.participants, private: false, now: at } });
          break;
        case 'approve':
          apply(step.booking, { type: 'ApproveBooking', data: { bookingId, approverId: step.actorId, comment: step.comment } });
          break;
        case 'reject':
          apply(step.booking, { type: 'RejectBooking', data: { bookingId, approverId: step.actorId, comment: step.comment } });
          break;
        case 'change': {
          const { start, end, participants } = step.change;
          apply(step.booking, { type: 'ChangeBooking', data: { bookingId, space, resources, start: start === undefined ? undefined : toIso(start), end: end === undefined ? undefined : toIso(end), participants, now: at, actorId: step.actorId, overrideDeadline: false } });
          break;
        }
        case 'cancel':
          apply(step.booking, { type: 'CancelBooking', data: { bookingId, actorId: step.actorId, reason: step.reason, now: at, overrideDeadline: permissionsOf(step.actorId).has(PERMISSIONS.bookingCancelAny) } });
          break;
        case 'checkIn':
          apply(step.booking, { type: 'CheckIn', data: { bookingId, actorId: step.actorId, now: at } });
          break;
        case 'complete':
          apply(step.booking, { type: 'CompleteBooking', data: { bookingId, now: at } });
          break;
        case 'noShow':
          apply(step.booking, { type: 'MarkNoShow', data: { bookingId, actorId: step.actorId, now: at } });
          break;
      }
    } catch (error) {
      throw new Error(`step ${step.kind} of booking ${step.booking} at ${at} was refused: ${(error as Error).message}`);
    }
  }
  return states;
}

describe('planDemoActivity', () => {
  it('plans a few thousand bookings over months, with every kind of step', () => {
    expect(plan.bookings.length).toBeGreaterThan(2000);
    expect(plan.bookings.length).toBeLessThan(6000);
    const kinds = new Set(plan.steps.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(Object.keys(NEEDS).sort());
    const starts = plan.bookings.map((b) => b.start);
    expect(Math.min(...starts)).toBeLessThan(now.getTime() - 90 * 86_400_000);
    expect(Math.max(...starts)).toBeGreaterThan(now.getTime() + 7 * 86_400_000);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const options = { now, daysBack: 14, daysAhead: 7 };
    expect(planDemoActivity(DEMO_ORGANISATION, options)).toEqual(planDemoActivity(DEMO_ORGANISATION, options));
    expect(planDemoActivity(DEMO_ORGANISATION, { ...options, seed: 7 }).bookings).not.toEqual(planDemoActivity(DEMO_ORGANISATION, options).bookings);
  });

  it('orders steps in time, never later than now, after the catalog exists', () => {
    for (let i = 1; i < plan.steps.length; i++) expect(plan.steps[i]!.at).toBeGreaterThanOrEqual(plan.steps[i - 1]!.at);
    expect(plan.steps[plan.steps.length - 1]!.at).toBeLessThanOrEqual(now.getTime());
    expect(plan.catalogAt).toBeLessThan(plan.steps[0]!.at);
  });

  it('has every step done by someone holding the permission it needs', () => {
    for (const step of plan.steps) expect(permissionsOf(step.actorId).has(NEEDS[step.kind]), `${step.kind} by ${step.actorId}`).toBe(true);
  });

  it('passes the booking rules at every step, and leaves no two holds of a space overlapping', () => {
    const states = replay(plan);
    const holds = new Map<string, { start: number; end: number }[]>();
    for (const state of states.values()) {
      if (state.status === 'absent' || ['rejected', 'cancelled', 'no_show'].includes(state.status)) continue;
      const list = holds.get(state.spaceId) ?? [];
      list.push({ start: Date.parse(state.current.start), end: Date.parse(state.current.holdUntil) });
      holds.set(state.spaceId, list);
    }
    for (const b of plan.blackouts) {
      if (b.target.kind !== 'space') continue;
      const list = holds.get(b.target.spaceId) ?? [];
      list.push({ start: b.start, end: b.end });
      holds.set(b.target.spaceId, list);
    }
    for (const [spaceId, list] of holds) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) expect(list[i]!.start, spaceId).toBeGreaterThanOrEqual(list[i - 1]!.end);
    }
    const statuses = new Set([...states.values()].map((s) => s.status));
    for (const status of ['confirmed', 'pending_approval', 'rejected', 'cancelled', 'checked_in', 'completed', 'no_show']) expect(statuses, status).toContain(status);
  });
});
