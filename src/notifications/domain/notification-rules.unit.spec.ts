import { describe, expect, it } from 'vitest';
import type { BookingEvent, BookingRequested } from '../../booking/domain/booking.events.js';
import type { BlackoutRefused, ResourceRetired } from '../../catalog/domain/catalog.events.js';
import { notificationsFor, reminderNotification, type AccountEvent, type EventFacts, type LoginSighting, type TrackedBlackout } from './notification-rules.js';
import { planReminder } from './reminder-plan.js';
import { evolveTrackedBooking, type PlaceNames, type TrackedBooking } from './tracked-booking.js';

const ANA = 'ana';
const STAFF = 'sam-staff';
const APPROVER = 'pia-approver';
const place: PlaceNames = { spaceName: 'Tejo', siteName: 'Lisbon HQ', siteAddress: 'Avenida da Liberdade 110, Lisbon' };

let ids = 0;
const facts = (actor = ANA, occurredAt = '2026-03-01T09:00:00.000Z', kind: 'user' | 'system' = 'user'): EventFacts => ({ id: `event-${++ids}`, occurredAt, actor: { id: actor, kind } });

const requested = (overrides: Partial<BookingRequested['data']> = {}): BookingRequested => ({
  type: 'BookingRequested',
  data: {
    bookingId: 'b-1', bookerId: ANA, spaceId: 'room-1', siteId: 'lisbon', timeZone: 'Europe/Lisbon', purpose: 'Planning',
    approvalRequired: false, changeDeadlineMinutes: 60, placement: 1, start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z',
    holdUntil: '2026-03-02T11:00:00.000Z', participants: 4, resources: [{ resourceId: 'projectors', quantity: 1 }], buckets: [], reservations: [],
    ...overrides,
  },
});
const confirmed: BookingEvent = { type: 'BookingConfirmed', data: { bookingId: 'b-1', placement: 1 } };
const submitted: BookingEvent = { type: 'BookingSubmittedForApproval', data: { bookingId: 'b-1', placement: 1 } };
const changeRequested = (requestedBy = ANA): BookingEvent => ({
  type: 'BookingChangeRequested',
  data: {
    bookingId: 'b-1', purpose: 'Planning, longer', requestedBy, placement: 2, start: '2026-03-02T14:00:00.000Z', end: '2026-03-02T16:00:00.000Z',
    holdUntil: '2026-03-02T16:00:00.000Z', participants: 4, resources: [], buckets: [], reservations: [],
  },
});

/** Given the booking's history, when `event` happens (with `eventFacts`), then these notifications. */
function given(...history: BookingEvent[]) {
  const before = history.reduce<TrackedBooking | null>((b, e) => evolveTrackedBooking(b, e, '2026-03-01T08:00:00.000Z', ANA), null);
  return {
    when(event: BookingEvent, eventFacts = facts(), approvers: string[] = []) {
      const after = evolveTrackedBooking(before, event, eventFacts.occurredAt, eventFacts.actor.id);
      return notificationsFor({ about: 'booking', event, facts: eventFacts, before, after, place, approvers });
    },
    booking: before,
  };
}

describe('booking notifications', () => {
  it('tells the booker their booking was requested, with a tentative invitation; staff booking for them shows as staff', () => {
    const own = facts();
    expect(given().when(requested(), own)).toEqual([{
      recipientId: ANA, kind: 'booking.requested', subjectId: 'b-1', sourceId: own.id,
      data: {
        booking: { bookingId: 'b-1', spaceId: 'room-1', spaceName: 'Tejo', siteId: 'lisbon', siteName: 'Lisbon HQ', siteAddress: 'Avenida da Liberdade 110, Lisbon', timeZone: 'Europe/Lisbon', start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z', purpose: 'Planning' },
        actor: 'you',
        invitation: { uid: 'booking-b-1@reserva', sequence: 0, method: 'REQUEST', status: 'tentative' },
      },
    }]);
    expect(given().when(requested(), facts(STAFF))[0]!.data.actor).toBe('staff');
  });

  it('asks every approver of the site, but not the booker, to approve a booking awaiting approval', () => {
    const notes = given(requested({ approvalRequired: true })).when(submitted, facts(), [APPROVER, ANA, 'otto-approver']);
    expect(notes.map((n) => [n.recipientId, n.kind, n.data.actor])).toEqual([
      [APPROVER, 'booking.pending_approval', 'booker'],
      ['otto-approver', 'booking.pending_approval', 'booker'],
    ]);
    expect(notes[0]!.data.invitation).toBeUndefined();
  });

  it('tells the booker of approval (with the comment) and of confirmation, each with a REQUEST of a higher sequence', () => {
    const approved = given(requested(), submitted).when({ type: 'BookingApproved', data: { bookingId: 'b-1', approvedBy: APPROVER, comment: 'Enjoy' } }, facts(APPROVER));
    expect(approved).toMatchObject([{ recipientId: ANA, kind: 'booking.approved', data: { actor: 'approver', reason: 'Enjoy', invitation: { sequence: 1, method: 'REQUEST', status: 'confirmed' } } }]);
    expect(given(requested()).when(confirmed)).toMatchObject([{ recipientId: ANA, kind: 'booking.confirmed', data: { actor: 'system', invitation: { sequence: 1, status: 'confirmed' } } }]);
  });

  it('tells the booker of a rejection, why, and with the comment; a CANCEL takes it off their calendar', () => {
    const declined = given(requested(), submitted).when({ type: 'BookingRejected', data: { bookingId: 'b-1', reason: 'declined', rejectedBy: APPROVER, comment: 'Room closed', conflicts: [] } }, facts(APPROVER));
    expect(declined).toMatchObject([{ recipientId: ANA, kind: 'booking.rejected', data: { actor: 'approver', rejectedBecause: 'declined', reason: 'Room closed', invitation: { method: 'CANCEL', status: 'cancelled' } } }]);
    const conflict = given(requested()).when({ type: 'BookingRejected', data: { bookingId: 'b-1', reason: 'conflict', rejectedBy: 'system', comment: 'taken', conflicts: [] } });
    expect(conflict).toMatchObject([{ kind: 'booking.rejected', data: { actor: 'system', rejectedBecause: 'conflict' } }]);
  });

  it('tells the booker of a change with the old time and who asked for it; nothing while it is being placed', () => {
    expect(given(requested(), confirmed).when(changeRequested(STAFF))).toEqual([]);
    const changed = given(requested(), confirmed, changeRequested(STAFF)).when({ type: 'BookingChanged', data: { bookingId: 'b-1', placement: 2 } }, facts('system', undefined, 'system'));
    expect(changed).toMatchObject([{
      recipientId: ANA, kind: 'booking.changed',
      data: { actor: 'staff', previous: { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z' }, booking: { start: '2026-03-02T14:00:00.000Z', purpose: 'Planning, longer' }, invitation: { sequence: 2, method: 'REQUEST' } },
    }]);
    expect(given(requested(), confirmed, changeRequested()).when({ type: 'BookingChanged', data: { bookingId: 'b-1', placement: 9 } })).toEqual([]);
  });

  it('tells the booker a change was refused, with the time they asked for; the booking keeps its time', () => {
    const refused = given(requested(), confirmed, changeRequested()).when({ type: 'BookingChangeRejected', data: { bookingId: 'b-1', placement: 2, reason: 'conflict', conflicts: [] } });
    expect(refused).toMatchObject([{ kind: 'booking.change_rejected', data: { rejectedBecause: 'conflict', requested: { start: '2026-03-02T14:00:00.000Z' }, booking: { start: '2026-03-02T10:00:00.000Z' } } }]);
  });

  it('says who cancelled: the booker themself, or staff', () => {
    const cancel = (by: string): BookingEvent => ({ type: 'BookingCancelled', data: { bookingId: 'b-1', cancelledBy: by, reason: 'Not needed', override: false } });
    expect(given(requested(), confirmed).when(cancel(ANA))).toMatchObject([{ kind: 'booking.cancelled', data: { actor: 'you', reason: 'Not needed', invitation: { method: 'CANCEL', sequence: 2 } } }]);
    expect(given(requested(), confirmed).when(cancel(STAFF), facts(STAFF))).toMatchObject([{ recipientId: ANA, data: { actor: 'staff' } }]);
  });

  it('tells the booker of a missed check-in; check-in and completion tell nobody', () => {
    expect(given(requested(), confirmed).when({ type: 'BookingMarkedNoShow', data: { bookingId: 'b-1', markedBy: STAFF } }, facts(STAFF))).toMatchObject([
      { recipientId: ANA, kind: 'booking.missed_checkin', data: { actor: 'staff' } },
    ]);
    expect(given(requested(), confirmed).when({ type: 'BookingCheckedIn', data: { bookingId: 'b-1', checkedInBy: ANA, at: '2026-03-02T10:00:00.000Z' } })).toEqual([]);
  });

  it('tells nobody about a booking it never saw requested', () => {
    expect(given().when(confirmed)).toEqual([]);
  });
});

describe('disruptions', () => {
  const booking = given(requested(), confirmed).booking!;
  const other = given(requested({ bookingId: 'b-2', bookerId: 'bo' }), { type: 'BookingConfirmed', data: { bookingId: 'b-2', placement: 1 } }).booking!;
  const blackout: TrackedBlackout = { blackoutId: 'x-1', requestedBy: STAFF, start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T12:00:00.000Z', reason: 'Painting' };
  const refused = (holders: string[]): BlackoutRefused => ({
    type: 'BlackoutRefused',
    data: { blackoutId: 'x-1', reason: 'conflict', conflicts: holders.map((id) => ({ targetId: 'room-1', start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T11:00:00.000Z', holder: { kind: 'booking' as const, id } })) },
  });

  it('tells the booker of each booking in a refused blackout\'s way, and the staff member who asked, per booking', () => {
    const f = facts(STAFF);
    const notes = notificationsFor({ about: 'blackout_refused', event: refused(['b-1']), facts: f, blackout, bookings: [{ booking, place }, { booking: other, place }] });
    expect(notes.map((n) => [n.recipientId, n.kind, n.subjectId, n.sourceId, n.data.actor])).toEqual([
      [ANA, 'booking.disrupted', 'b-1', `${f.id}:b-1`, 'staff'],
      [STAFF, 'booking.disrupted', 'b-1', `${f.id}:b-1`, 'you'],
    ]);
    expect(notes[0]!.data).toMatchObject({ reason: 'Painting', disruption: { cause: 'blackout', start: blackout.start, end: blackout.end } });
  });

  it('skips bookings already cancelled or over', () => {
    const cancelled = evolveTrackedBooking(booking, { type: 'BookingCancelled', data: { bookingId: 'b-1', cancelledBy: ANA, reason: '', override: false } }, '2026-03-01T10:00:00.000Z', ANA)!;
    expect(notificationsFor({ about: 'blackout_refused', event: refused(['b-1']), facts: facts(STAFF), blackout, bookings: [{ booking: cancelled, place }] })).toEqual([]);
    expect(notificationsFor({ about: 'blackout_refused', event: refused(['b-1']), facts: facts(STAFF, '2026-03-03T00:00:00.000Z'), blackout, bookings: [{ booking, place }] })).toEqual([]);
  });

  it('tells bookers whose bookings hold a retired resource, naming it', () => {
    const retired: ResourceRetired = { type: 'ResourceRetired', data: { resourceId: 'projectors' } };
    const notes = notificationsFor({ about: 'resource_retired', event: retired, facts: facts(STAFF), resourceName: 'Projector', bookings: [{ booking, place }, { booking: { ...other, resources: [] }, place }] });
    expect(notes).toMatchObject([{ recipientId: ANA, kind: 'booking.disrupted', subjectId: 'b-1', data: { actor: 'staff', disruption: { cause: 'resource_retired', resourceName: 'Projector' } } }]);
  });
});

describe('account notifications', () => {
  const account = (event: AccountEvent, login: LoginSighting | null = null, f = facts()) => notificationsFor({ about: 'account', event, facts: f, login });

  it('tells the person of verification, reset requests, password changes and two-factor changes', () => {
    expect(account({ type: 'UserEmailVerified', data: { userId: ANA } })).toMatchObject([{ recipientId: ANA, kind: 'account.email_verified', subjectId: ANA }]);
    expect(account({ type: 'UserPasswordResetRequested', data: { userId: ANA } })).toMatchObject([{ kind: 'account.password_reset_requested' }]);
    expect(account({ type: 'UserPasswordChanged', data: { userId: ANA, via: 'reset' } })).toMatchObject([{ kind: 'account.password_changed', data: { passwordChangedVia: 'reset' } }]);
    expect(account({ type: 'UserTwoFactorEnabled', data: { userId: ANA } })).toMatchObject([{ kind: 'account.two_factor_changed', data: { twoFactor: 'enabled', actor: 'you' } }]);
    expect(account({ type: 'UserTwoFactorDisabled', data: { userId: ANA } }, null, facts('admin'))).toMatchObject([{ kind: 'account.two_factor_changed', data: { twoFactor: 'disabled', actor: 'staff' } }]);
  });

  it('tells of a sign-in from a browser not seen before, but not of the first one or a known one', () => {
    const login: AccountEvent = { type: 'UserLoggedIn', data: { userId: ANA, sessionId: 's', method: 'password' } };
    const f = facts();
    expect(account(login, { userAgent: 'Firefox', knownBrowser: false, firstLogin: false }, f)).toMatchObject([
      { kind: 'account.new_login', data: { login: { at: f.occurredAt, userAgent: 'Firefox' } } },
    ]);
    expect(account(login, { userAgent: 'Firefox', knownBrowser: false, firstLogin: true })).toEqual([]);
    expect(account(login, { userAgent: 'Firefox', knownBrowser: true, firstLogin: false })).toEqual([]);
  });
});

describe('reminders', () => {
  it('reminds the booker of the booking as it stands, sourced by its start', () => {
    const booking = given(requested(), confirmed).booking!;
    const note = reminderNotification(planReminder(booking, 45), booking, place);
    expect(note).toMatchObject({
      recipientId: ANA, kind: 'booking.reminder', subjectId: 'b-1', sourceId: 'reminder:b-1:2026-03-02T10:00:00.000Z',
      data: { actor: 'system', reminder: { leadMinutes: 45 }, booking: { spaceName: 'Tejo' } },
    });
  });
});
