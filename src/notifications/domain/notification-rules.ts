import type { BookingEvent } from '../../booking/domain/booking.events.js';
import type { BlackoutRefused, ResourceRetired } from '../../catalog/domain/catalog.events.js';
import type {
  UserEmailVerified,
  UserLoggedIn,
  UserPasswordChanged,
  UserPasswordResetRequested,
  UserTwoFactorDisabled,
  UserTwoFactorEnabled,
} from '../../identity/domain/identity.events.js';
import { assertNever } from '../../shared/domain/decider.js';
import { fromIso } from '../../shared/domain/time-range.js';
import type { NotificationData } from './notification-data.js';
import type { NotificationKind } from './notification-kinds.js';
import type { PlannedReminder } from './reminder-plan.js';
import { invitationOf, isActive, notifiedBooking, type PlaceNames, type TrackedBooking } from './tracked-booking.js';

/** One person told one thing; (recipientId, kind, sourceId) makes it once. */
export interface PlannedNotification {
  recipientId: string;
  kind: NotificationKind;
  /** A booking id, or the person's own id for account notifications. */
  subjectId: string;
  /** The causing event's id (`<eventId>:<bookingId>` when one event hits several bookings), or a reminder's id. */
  sourceId: string;
  data: NotificationData;
}

/** Who and when, from the event's metadata. */
export interface EventFacts {
  id: string;
  occurredAt: string;
  actor: { id: string; kind: 'user' | 'system' };
}

/** A blackout as the consumer keeps it: who asked for it (the staff member told when it hits bookings). */
export interface TrackedBlackout {
  blackoutId: string;
  requestedBy: string;
  start: string;
  end: string;
  reason: string;
}

export interface BookingInPlace {
  booking: TrackedBooking;
  place: PlaceNames;
}

/** A sign-in, with what the consumer knows of the browser it came from (its user agent, opened from the sealed request). */
export interface LoginSighting {
  userAgent: string | null;
  /** The person signed in from this browser before. */
  knownBrowser: boolean;
  /** No sign-in of theirs was seen before: the one that follows registration is not news. */
  firstLogin: boolean;
}

export type AccountEvent = UserEmailVerified | UserPasswordResetRequested | UserPasswordChanged | UserTwoFactorEnabled | UserTwoFactorDisabled | UserLoggedIn;

/** An event with the folded state it is judged against (loaded by the consumer). */
export type RuleInput =
  | {
      about: 'booking';
      event: BookingEvent;
      facts: EventFacts;
      /** The booking before and after the event. */
      before: TrackedBooking | null;
      after: TrackedBooking | null;
      place: PlaceNames;
      /** Holders of booking.approve on the booking's site (needed for BookingSubmittedForApproval only). */
      approvers: readonly string[];
    }
  | { about: 'blackout_refused'; event: BlackoutRefused; facts: EventFacts; blackout: TrackedBlackout | null; bookings: readonly BookingInPlace[] }
  | { about: 'resource_retired'; event: ResourceRetired; facts: EventFacts; resourceName: string | null; bookings: readonly BookingInPlace[] }
  | { about: 'account'; event: AccountEvent; facts: EventFacts; login: LoginSighting | null };

type Actor = NonNullable<NotificationData['actor']>;

/**
 * Who is told what about one event. Only people allowed to see a booking hear of it: its
 * booker; for a booking awaiting approval, those who may approve it on its site; for a
 * disruption, also the staff member whose blackout hit it. Account notices go to the account's
 * owner only.
 *
 * Pending approval is not sent to the booker even when they may approve on the site: they
 * were just told `booking.requested`, and a request to approve one's own booking is noise.
 */
export function notificationsFor(input: RuleInput): PlannedNotification[] {
  switch (input.about) {
    case 'booking':
      return bookingNotifications(input);
    case 'blackout_refused':
      return blackoutNotifications(input);
    case 'resource_retired':
      return retiredResourceNotifications(input);
    case 'account':
      return accountNotifications(input);
    default:
      return assertNever(input);
  }
}

/** A reminder whose time has come, for the booking as it stands. */
export function reminderNotification(reminder: PlannedReminder, booking: TrackedBooking, place: PlaceNames): PlannedNotification {
  return {
    recipientId: reminder.recipientId,
    kind: 'booking.reminder',
    subjectId: reminder.bookingId,
    sourceId: reminder.sourceId,
    data: { booking: notifiedBooking(booking, place), actor: 'system', reminder: { leadMinutes: reminder.leadMinutes } },
  };
}

/** How the recipient sees whoever acted. */
function relation(actorId: string, recipientId: string, bookerId: string, otherwise: Actor): Actor {
  if (actorId === 'system') return 'system';
  if (actorId === recipientId) return 'you';
  if (actorId === bookerId) return 'booker';
  return otherwise;
}

const withReason = (text: string): Pick<NotificationData, 'reason'> => (text.trim() === '' ? {} : { reason: text });

function bookingNotifications(input: Extract<RuleInput, { about: 'booking' }>): PlannedNotification[] {
  const { event, facts, before, after, place } = input;
  if (after === null) return [];
  const bookerId = after.entry.bookerId;
  const toBooker = (kind: NotificationKind, data: NotificationData): PlannedNotification[] => [
    { recipientId: bookerId, kind, subjectId: after.entry.bookingId, sourceId: facts.id, data: { booking: notifiedBooking(after, place), ...data } },
  ];
  const invitation = { invitation: invitationOf(after) };
  switch (event.type) {
    case 'BookingRequested':
      return toBooker('booking.requested', { actor: relation(facts.actor.id, bookerId, bookerId, 'staff'), ...invitation });
    case 'BookingSubmittedForApproval':
      return input.approvers
        .filter((approverId) => approverId !== bookerId)
        .map((approverId) => ({
          recipientId: approverId,
          kind: 'booking.pending_approval' as const,
          subjectId: after.entry.bookingId,
          sourceId: facts.id,
          data: { booking: notifiedBooking(after, place), actor: relation(after.requestedBy, approverId, bookerId, 'staff') },
        }));
    case 'BookingApproved':
      return toBooker('booking.approved', { actor: relation(event.data.approvedBy, bookerId, bookerId, 'approver'), ...withReason(event.data.comment), ...invitation });
    case 'BookingRejected': {
      const { reason, rejectedBy, comment } = event.data;
      const actor = reason === 'declined' ? relation(rejectedBy, bookerId, bookerId, 'approver') : 'system';
      return toBooker('booking.rejected', { actor, rejectedBecause: reason, ...withReason(comment), ...invitation });
    }
    case 'BookingConfirmed':
      return toBooker('booking.confirmed', { actor: 'system', ...invitation });
    case 'BookingChanged': {
      // A settle for a placement that is not the pending change moves nothing.
      if (before === null || before.entry === after.entry) return [];
      const requestedBy = before.pendingChange?.requestedBy ?? bookerId;
      return toBooker('booking.changed', {
        actor: relation(requestedBy, bookerId, bookerId, 'staff'),
        previous: { start: before.entry.start, end: before.entry.end },
        ...invitation,
      });
    }
    case 'BookingChangeRejected': {
      const asked = before?.entry.pendingChange;
      if (!asked || asked.placement !== event.data.placement) return [];
      return toBooker('booking.change_rejected', { actor: 'system', rejectedBecause: event.data.reason, requested: { start: asked.start, end: asked.end } });
    }
    case 'BookingCancelled': {
      if (before?.status === 'cancelled') return [];
      const actor = facts.actor.kind === 'system' ? 'system' : relation(event.data.cancelledBy, bookerId, bookerId, 'staff');
      return toBooker('booking.cancelled', { actor, ...withReason(event.data.reason), ...invitation });
    }
    case 'BookingMarkedNoShow':
      return toBooker('booking.missed_checkin', { actor: facts.actor.kind === 'system' ? 'system' : relation(event.data.markedBy, bookerId, bookerId, 'staff') });
    case 'BookingChangeRequested':
    case 'BookingCheckedIn':
    case 'BookingCompleted':
      return [];
    default:
      return assertNever(event);
  }
}

/** Bookings still to be affected at `occurredAt`: active and not over. */
function stillAhead(bookings: readonly BookingInPlace[], occurredAt: string): BookingInPlace[] {
  const at = fromIso(occurredAt);
  const seen = new Set<string>();
  return bookings.filter(({ booking }) => {
    const id = booking.entry.bookingId;
    if (seen.has(id) || !isActive(booking) || fromIso(booking.entry.end) <= at) return false;
    seen.add(id);
    return true;
  });
}

/**
 * A blackout refused because bookings hold the period: each booking's booker learns their room
 * was wanted for it (the disruption may yet come), and the staff member who asked learns which
 * bookings stand in the way. Sources are per booking: one event can hit several.
 */
function blackoutNotifications(input: Extract<RuleInput, { about: 'blackout_refused' }>): PlannedNotification[] {
  const { event, facts, blackout } = input;
  const held = new Set(event.data.conflicts.filter((c) => c.holder.kind === 'booking').map((c) => c.holder.id));
  const hit = stillAhead(input.bookings.filter(({ booking }) => held.has(booking.entry.bookingId)), facts.occurredAt);
  return hit.flatMap(({ booking, place }) => {
    const { bookingId, bookerId } = booking.entry;
    const data = (recipientId: string): NotificationData => ({
      booking: notifiedBooking(booking, place),
      actor: blackout ? relation(blackout.requestedBy, recipientId, bookerId, 'staff') : 'staff',
      disruption: { cause: 'blackout', ...(blackout ? { start: blackout.start, end: blackout.end } : {}) },
      ...withReason(blackout?.reason ?? ''),
    });
    const recipients = [...new Set([bookerId, ...(blackout ? [blackout.requestedBy] : [])])];
    return recipients.map((recipientId) => ({ recipientId, kind: 'booking.disrupted' as const, subjectId: bookingId, sourceId: `${facts.id}:${bookingId}`, data: data(recipientId) }));
  });
}

/** A resource retired from under bookings that still count on it: their bookers are told. */
function retiredResourceNotifications(input: Extract<RuleInput, { about: 'resource_retired' }>): PlannedNotification[] {
  const { event, facts, resourceName } = input;
  const holding = input.bookings.filter(({ booking }) => booking.resources.some((line) => line.resourceId === event.data.resourceId));
  return stillAhead(holding, facts.occurredAt).map(({ booking, place }) => ({
    recipientId: booking.entry.bookerId,
    kind: 'booking.disrupted' as const,
    subjectId: booking.entry.bookingId,
    sourceId: `${facts.id}:${booking.entry.bookingId}`,
    data: {
      booking: notifiedBooking(booking, place),
      actor: facts.actor.kind === 'system' ? 'system' : relation(facts.actor.id, booking.entry.bookerId, booking.entry.bookerId, 'staff'),
      disruption: { cause: 'resource_retired', resourceName },
    },
  }));
}

function accountNotifications(input: Extract<RuleInput, { about: 'account' }>): PlannedNotification[] {
  const { event, facts } = input;
  const { userId } = event.data;
  const actor: Actor = facts.actor.kind === 'system' ? 'system' : facts.actor.id === userId ? 'you' : 'staff';
  const notice = (kind: NotificationKind, data: NotificationData = {}): PlannedNotification[] => [
    { recipientId: userId, kind, subjectId: userId, sourceId: facts.id, data: { actor, ...data } },
  ];
  switch (event.type) {
    case 'UserEmailVerified':
      return notice('account.email_verified');
    case 'UserPasswordResetRequested':
      return notice('account.password_reset_requested');
    case 'UserPasswordChanged':
      return notice('account.password_changed', { passwordChangedVia: event.data.via });
    case 'UserTwoFactorEnabled':
      return notice('account.two_factor_changed', { twoFactor: 'enabled' });
    case 'UserTwoFactorDisabled':
      return notice('account.two_factor_changed', { twoFactor: 'disabled' });
    case 'UserLoggedIn': {
      const login = input.login;
      if (login === null || login.firstLogin || login.knownBrowser) return [];
      return notice('account.new_login', { login: { at: facts.occurredAt, userAgent: login.userAgent } });
    }
    default:
      return assertNever(event);
  }
}
