import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { BookingEvent } from '../../booking/domain/booking.events.js';
import type { CatalogEvent } from '../../catalog/domain/catalog.events.js';
import type { PersonalDataVault } from '../../identity/application/identity-ports.js';
import { DEFAULT_NOTIFICATION_SETTINGS, type LoginEvent, type RoleEvent, type UserEvent, type UserLoggedIn } from '../../identity/domain/identity.events.js';
import { PERMISSIONS } from '../../identity/domain/permissions.js';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from '../../messaging/consumer.js';
import { messageToEvent } from '../../messaging/event-message.js';
import { assertNever } from '../../shared/domain/decider.js';
import { comparePositions, type RecordedEvent } from '../../shared/event-store/event-store.js';
import { holdersOn, rolesGranting } from '../domain/approvers.js';
import { notificationsFor, type AccountEvent, type EventFacts, type LoginSighting, type PlannedNotification } from '../domain/notification-rules.js';
import { reminderChange, type ReminderChange } from '../domain/reminder-plan.js';
import { evolveTrackedBooking, UNKNOWN_PLACE, type TrackedBooking } from '../domain/tracked-booking.js';
import { recordNotifications, recordNotificationsOf, type PlannedForEvent } from './notifications-consumer-inbox.js';
import { NotificationsConsumerState, placeKey, siteAddress, type KeptDisruption } from './notifications-consumer-state.js';
import { ensureNotificationsSchema } from './notifications-schema.js';

/** Consumer group and processed-events name of the notifications consumer. */
export const NOTIFICATIONS_CONSUMER = 'notifications';
/** Scheduling is left out: slots say nothing a person is told about. */
export const NOTIFICATIONS_TOPICS: readonly string[] = ['reserva.booking', 'reserva.catalog', 'reserva.identity'];

export interface NotificationsConsumerDeps {
  /** Opens the sealed request metadata of sign-ins (the browser's user agent). */
  vault: Pick<PersonalDataVault, 'open'>;
  /** Decides quiet hours and whether an event is too old to mail about. */
  clock: () => Date;
}

type ConsumedEvent = BookingEvent | CatalogEvent | UserEvent | LoginEvent | RoleEvent;

/** Every event type of the consumed topics this consumer knows; others (newer ones) pass by. */
const CONSUMED: Readonly<Record<ConsumedEvent['type'], true>> = {
  BookingRequested: true, BookingConfirmed: true, BookingSubmittedForApproval: true, BookingApproved: true, BookingRejected: true,
  BookingChangeRequested: true, BookingChanged: true, BookingChangeRejected: true, BookingCancelled: true, BookingCheckedIn: true,
  BookingCompleted: true, BookingMarkedNoShow: true,
  SiteRegistered: true, SiteUpdated: true, SpaceCreated: true, SpaceUpdated: true, SpacePolicyChanged: true, SpaceRetired: true,
  ResourceCreated: true, ResourceUpdated: true, ResourceRetired: true,
  BlackoutRequested: true, BlackoutDeclared: true, BlackoutRefused: true, BlackoutLifted: true,
  UserRegistered: true, UserEmailVerified: true, UserProfileUpdated: true, UserRoleGranted: true, UserRoleRevoked: true,
  UserTwoFactorEnabled: true, UserTwoFactorDisabled: true, UserRecoveryCodeUsed: true, UserPasswordResetRequested: true,
  UserPasswordChanged: true, UserErased: true,
  UserLoggedIn: true, UserLoginFailed: true, UserLoggedOut: true, UserSessionRevoked: true,
  RoleDefined: true, RoleChanged: true, RoleDeleted: true,
};

const isConsumed = (type: string): type is ConsumedEvent['type'] => Object.hasOwn(CONSUMED, type);

/**
 * The runConsumer handler of notifications: folds what deciding needs (people and their
 * settings, grants and custom roles, bookings, places, blackouts, sign-in browsers) into schema
 * `notifications` and writes who is told what, all with the consumer's transaction `client`.
 */
export function notificationsConsumer(deps: NotificationsConsumerDeps): ConsumerOptions['handle'] {
  return async (message, client) => {
    const recorded = messageToEvent(message);
    if (!isConsumed(recorded.type)) return;
    await applyEvent(client, { type: recorded.type, data: recorded.data } as ConsumedEvent, recorded, deps);
  };
}

/**
 * The runConsumer batch handler of notifications: a delivered batch's booking events (one topic
 * partition) are judged together with a few statements for the whole run of them — the same
 * outcome as `handle` on each in turn, without a dozen round trips per event. Other events
 * go one by one.
 */
export function notificationsConsumerBatch(deps: NotificationsConsumerDeps): NonNullable<ConsumerOptions['handleMany']> {
  return async (messages, client) => {
    let run: BookingInBatch[] = [];
    for (const message of messages) {
      const recorded = messageToEvent(message);
      if (!isConsumed(recorded.type)) continue;
      const event = { type: recorded.type, data: recorded.data } as ConsumedEvent;
      if (isBookingEvent(event)) {
        run.push({ event, recorded });
        continue;
      }
      await applyBookingEvents(client, run, deps);
      run = [];
      await applyEvent(client, event, recorded, deps);
    }
    await applyBookingEvents(client, run, deps);
  };
}

/** Creates schema `notifications` and runs the notifications consumer on the booking, catalog and identity topics of `source`. */
export async function startNotificationsConsumer(
  options: Pick<ConsumerOptions, 'source' | 'publisher' | 'pool' | 'retries' | 'onError'> & { vault: NotificationsConsumerDeps['vault']; clock?: () => Date; name?: string },
): Promise<RunningConsumer> {
  await ensureNotificationsSchema(options.pool);
  const { vault, clock = () => new Date(), name = NOTIFICATIONS_CONSUMER, ...consumer } = options;
  return runConsumer({ ...consumer, name, topics: NOTIFICATIONS_TOPICS, handle: notificationsConsumer({ vault, clock }), handleMany: notificationsConsumerBatch({ vault, clock }) });
}

async function applyEvent(client: pg.ClientBase, event: ConsumedEvent, recorded: RecordedEvent, deps: NotificationsConsumerDeps): Promise<void> {
  const state = new NotificationsConsumerState(client);
  const facts: EventFacts = { id: recorded.id, occurredAt: recorded.metadata.occurredAt, actor: recorded.metadata.actor };
  const notify = async (planned: PlannedNotification[]) => recordNotifications(client, planned, facts.occurredAt, deps.clock());
  switch (event.type) {
    case 'BookingRequested':
    case 'BookingConfirmed':
    case 'BookingSubmittedForApproval':
    case 'BookingApproved':
    case 'BookingRejected':
    case 'BookingChangeRequested':
    case 'BookingChanged':
    case 'BookingChangeRejected':
    case 'BookingCancelled':
    case 'BookingCheckedIn':
    case 'BookingCompleted':
    case 'BookingMarkedNoShow':
      return applyBookingEvent(state, event, recorded, facts, deps.clock);

    case 'SiteRegistered': {
      const { siteId, name, address, city } = event.data;
      await state.lockFacts('change');
      await state.saveSite(siteId, { name, address, city });
      return state.fillInNames({ siteId, siteName: name, siteAddress: siteAddress(address, city) });
    }
    case 'SiteUpdated':
      return state.saveSite(event.data.siteId, event.data);
    case 'SpaceCreated':
      await state.lockFacts('change');
      await state.saveSpace(event.data.spaceId, event.data);
      return state.fillInNames({ spaceId: event.data.spaceId, spaceName: event.data.name });
    case 'SpaceUpdated':
      return state.saveSpace(event.data.spaceId, { name: event.data.name });
    case 'ResourceCreated':
      return state.saveResource(event.data.resourceId, event.data.name);
    case 'ResourceUpdated':
      if (event.data.name !== undefined) await state.saveResource(event.data.resourceId, event.data.name);
      return;
    case 'ResourceRetired':
      await state.lockFacts('change');
      await state.rememberDisruption({ event, facts }, recorded.position);
      return notify(await disruptionNotifications(state, { event, facts }, await state.bookingsHolding(event.data.resourceId, facts.occurredAt)));
    case 'BlackoutRequested': {
      const { blackoutId, start, end, reason } = event.data;
      return state.saveBlackout({ blackoutId, requestedBy: facts.actor.id, start, end, reason });
    }
    case 'BlackoutRefused': {
      const held = event.data.conflicts.filter((c) => c.holder.kind === 'booking').map((c) => c.holder.id);
      if (held.length === 0) return;
      await state.lockFacts('change');
      await state.rememberDisruption({ event, facts }, recorded.position);
      return notify(await disruptionNotifications(state, { event, facts }, await state.bookings(held)));
    }
    case 'SpacePolicyChanged':
    case 'SpaceRetired':
    case 'BlackoutDeclared':
    case 'BlackoutLifted':
      return;

    case 'UserRegistered':
    case 'UserProfileUpdated': {
      const { userId, locale, timeZone } = event.data;
      await state.lockFacts('change');
      const profile = event.type === 'UserRegistered'
        ? { userId, locale, timeZone, preferences: {}, settings: DEFAULT_NOTIFICATION_SETTINGS }
        : { userId, locale, timeZone, preferences: event.data.notificationPreferences, settings: event.data.notificationSettings ?? DEFAULT_NOTIFICATION_SETTINGS };
      await state.saveProfile(profile);
      // Reminders planned before the person's settings arrived (or under old ones) follow them.
      return state.moveReminders(userId, profile.settings.reminderLeadMinutes);
    }
    case 'UserRoleGranted':
      return state.grant(event.data.userId, event.data);
    case 'UserRoleRevoked':
      return state.revoke(event.data.userId, event.data.role);
    case 'UserErased':
      await state.lockFacts('change');
      return state.erase(event.data.userId);
    case 'UserEmailVerified':
    case 'UserPasswordResetRequested':
    case 'UserPasswordChanged':
    case 'UserTwoFactorEnabled':
    case 'UserTwoFactorDisabled':
      return notify(notificationsFor({ about: 'account', event, facts, login: null }));
    case 'UserLoggedIn': {
      const login = await sighting(state, event, recorded, deps.vault);
      if (login !== null) await notify(notificationsFor({ about: 'account', event: event satisfies AccountEvent, facts, login }));
      return;
    }
    case 'UserRecoveryCodeUsed':
    case 'UserLoginFailed':
    case 'UserLoggedOut':
    case 'UserSessionRevoked':
      return;

    case 'RoleDefined':
    case 'RoleChanged':
      return state.defineRole(event.data.role, event.data.permissions);
    case 'RoleDeleted':
      return state.deleteRole(event.data.role);
    default:
      return assertNever(event);
  }
}

async function applyBookingEvent(state: NotificationsConsumerState, event: BookingEvent, recorded: RecordedEvent, facts: EventFacts, clock: () => Date): Promise<void> {
  await state.lockFacts('judge');
  const before = await state.booking(event.data.bookingId);
  const after = evolveTrackedBooking(before, event, facts.occurredAt, facts.actor.id);
  if (after === null) return;
  await state.saveBooking(after);
  const place = (await state.places([after])).get(after.entry.bookingId) ?? UNKNOWN_PLACE;
  const approvers = event.type === 'BookingSubmittedForApproval' ? await approversOf(state, after.entry.siteId) : [];
  await recordNotifications(state.client, notificationsFor({ about: 'booking', event, facts, before, after, place, approvers }), facts.occurredAt, clock());

  // A disruption later in the log that arrived first (another topic) is judged now, against the booking as it then stood.
  for (const disruption of await state.disruptionsAfter(recorded.position, after)) {
    await recordNotifications(state.client, await disruptionNotifications(state, disruption, [after]), disruption.facts.occurredAt, clock());
  }

  const booker = (await state.recipients([after.entry.bookerId])).get(after.entry.bookerId);
  if (booker === 'erased') return state.dropReminder(after.entry.bookingId);
  const lead = booker?.settings.reminderLeadMinutes ?? DEFAULT_NOTIFICATION_SETTINGS.reminderLeadMinutes;
  const change = reminderChange(event, after, lead, facts.occurredAt);
  if (change.type === 'plan') await state.planReminder(change.reminder);
  if (change.type === 'drop') await state.dropReminder(after.entry.bookingId);
}

interface BookingInBatch {
  event: BookingEvent;
  recorded: RecordedEvent;
}

const isBookingEvent = (event: ConsumedEvent): event is BookingEvent => Object.hasOwn(BOOKING_EVENTS, event.type);
const BOOKING_EVENTS: Readonly<Record<BookingEvent['type'], true>> = {
  BookingRequested: true, BookingConfirmed: true, BookingSubmittedForApproval: true, BookingApproved: true, BookingRejected: true,
  BookingChangeRequested: true, BookingChanged: true, BookingChangeRejected: true, BookingCancelled: true, BookingCheckedIn: true,
  BookingCompleted: true, BookingMarkedNoShow: true,
};

/**
 * applyBookingEvent for a run of booking events in log order, with one statement per kind of
 * read or write for all of them: the facts lock, the bookings (locked), their places, the
 * disruptions after the first of them, the recipients, the notifications, the reminders. Facts
 * cannot change meanwhile (the shared facts lock keeps their writers out until commit), so
 * reading them once for the run sees what reading them per event would.
 */
async function applyBookingEvents(client: pg.ClientBase, run: readonly BookingInBatch[], deps: NotificationsConsumerDeps): Promise<void> {
  if (run.length === 0) return;
  const now = deps.clock();
  const state = new NotificationsConsumerState(client);
  await state.lockFacts('judge');
  const current = await state.lockBookings(run.map((b) => b.event.data.bookingId));
  const steps: { event: BookingEvent; recorded: RecordedEvent; facts: EventFacts; before: TrackedBooking | null; after: TrackedBooking }[] = [];
  for (const { event, recorded } of run) {
    const facts: EventFacts = { id: recorded.id, occurredAt: recorded.metadata.occurredAt, actor: recorded.metadata.actor };
    const before = current.get(event.data.bookingId) ?? null;
    const after = evolveTrackedBooking(before, event, facts.occurredAt, facts.actor.id);
    if (after === null) continue;
    current.set(after.entry.bookingId, after);
    steps.push({ event, recorded, facts, before, after });
  }
  if (steps.length === 0) return;
  const touched = [...new Map(steps.map((s) => [s.after.entry.bookingId, s.after])).values()];
  await state.saveBookings(touched);

  const [places, disruptions] = await Promise.all([
    state.placesOf(steps.map((s) => s.after)),
    state.disruptionsTouching(steps.map((s) => s.recorded.position).reduce((a, b) => (comparePositions(a, b) <= 0 ? a : b)), touched.map((b) => b.entry.bookingId), steps.flatMap((s) => s.after.resources.map((r) => r.resourceId))),
  ]);
  const approvers = new Map<string, Promise<string[]>>();
  const told: PlannedForEvent[] = [];
  for (const { event, recorded, facts, before, after } of steps) {
    const place = places.get(placeKey(after)) ?? UNKNOWN_PLACE;
    let approving: string[] = [];
    if (event.type === 'BookingSubmittedForApproval') {
      const siteId = after.entry.siteId;
      if (!approvers.has(siteId)) approvers.set(siteId, approversOf(state, siteId));
      approving = await approvers.get(siteId)!;
    }
    told.push({ planned: notificationsFor({ about: 'booking', event, facts, before, after, place, approvers: approving }), occurredAt: facts.occurredAt });
    // A disruption later in the log that arrived first (another topic) is judged now, against the booking as it then stood.
    const holds = new Set(after.resources.map((r) => r.resourceId));
    for (const later of disruptions) {
      if (comparePositions(later.position, recorded.position) <= 0) continue;
      if (!later.bookingIds.includes(after.entry.bookingId) && !(later.resourceId !== null && holds.has(later.resourceId))) continue;
      told.push({ planned: await disruptionNotifications(state, later.disruption, [after]), occurredAt: later.disruption.facts.occurredAt });
    }
  }
  const recipients = await state.recipients([...told.flatMap((t) => t.planned.map((n) => n.recipientId)), ...touched.map((b) => b.entry.bookerId)]);
  await recordNotificationsOf(client, told, recipients, now);

  // Each booking's last reminder change in the run is the one that stands.
  const reminders = new Map<string, ReminderChange>();
  for (const { event, facts, after } of steps) {
    const booker = recipients.get(after.entry.bookerId);
    if (booker === 'erased') {
      reminders.set(after.entry.bookingId, { type: 'drop' });
      continue;
    }
    const lead = booker?.settings.reminderLeadMinutes ?? DEFAULT_NOTIFICATION_SETTINGS.reminderLeadMinutes;
    const change = reminderChange(event, after, lead, facts.occurredAt);
    if (change.type !== 'keep') reminders.set(after.entry.bookingId, change);
  }
  const changes = [...reminders.entries()];
  await state.planReminders(changes.flatMap(([, c]) => (c.type === 'plan' ? [c.reminder] : [])));
  await state.dropReminders(changes.flatMap(([bookingId, c]) => (c.type === 'drop' ? [bookingId] : [])));
}

async function approversOf(state: NotificationsConsumerState, siteId: string): Promise<string[]> {
  const customRoles = await state.customRoles();
  const grants = await state.grantsOfRoles(rolesGranting(PERMISSIONS.bookingApprove, customRoles));
  return holdersOn(siteId, PERMISSIONS.bookingApprove, grants, customRoles);
}

/** Who is told of a refused blackout or a retired resource among `bookings` (the rules keep those it hit and that are still ahead). */
async function disruptionNotifications(state: NotificationsConsumerState, { event, facts }: KeptDisruption, bookings: TrackedBooking[]): Promise<PlannedNotification[]> {
  const places = await state.places(bookings);
  const inPlace = bookings.map((booking) => ({ booking, place: places.get(booking.entry.bookingId) ?? UNKNOWN_PLACE }));
  return event.type === 'BlackoutRefused'
    ? notificationsFor({ about: 'blackout_refused', event, facts, blackout: await state.blackout(event.data.blackoutId), bookings: inPlace })
    : notificationsFor({ about: 'resource_retired', event, facts, resourceName: await state.resourceName(event.data.resourceId), bookings: inPlace });
}

/**
 * The sign-in's browser, opened from the request metadata sealed with the person's key; null
 * once they are erased (nothing is remembered of them then). Browsers are kept as digests of
 * (person, user agent), so the table holds no user agent and cannot link people.
 */
async function sighting(state: NotificationsConsumerState, event: UserLoggedIn, recorded: RecordedEvent, vault: NotificationsConsumerDeps['vault']): Promise<LoginSighting | null> {
  const { userId } = event.data;
  if ((await state.recipients([userId])).get(userId) === 'erased') return null;
  const request = recorded.metadata.request;
  let userAgent: string | null = request?.userAgent ?? null;
  if (request?.sealed) {
    const opened = await vault.open<{ userAgent?: string }>(request.sealed);
    if (opened === null) return null;
    userAgent = opened.userAgent ?? null;
  }
  const browserHash = createHash('sha256').update(`${userId}\0${userAgent ?? ''}`).digest('hex');
  return { userAgent, ...(await state.sawBrowser(userId, browserHash)) };
}
