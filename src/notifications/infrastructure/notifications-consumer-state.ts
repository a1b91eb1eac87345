import type pg from 'pg';
import type { RoleGrant } from '../../identity/domain/access.js';
import type { NotificationPreferences, NotificationSettings } from '../../identity/domain/identity.events.js';
import { isPermission, type Permission } from '../../identity/domain/permissions.js';
import type { Position } from '../../shared/event-store/event-store.js';
import type { BlackoutRefused, ResourceRetired } from '../../catalog/domain/catalog.events.js';
import type { EventFacts, TrackedBlackout } from '../domain/notification-rules.js';
import type { RecipientProfile } from '../domain/recipient-profile.js';
import type { PlannedReminder } from '../domain/reminder-plan.js';
import { isActive, type PlaceNames, type TrackedBooking } from '../domain/tracked-booking.js';

const FACTS_LOCK = 'reserva.notifications.facts';

/** The address a notification shows for a site: street and city. */
export function siteAddress(address: string, city: string): string {
  return [address, city].filter((part) => part !== '').join(', ');
}

/** A refused blackout or a retired resource, as kept for bookings that arrive late. */
export interface KeptDisruption {
  event: BlackoutRefused | ResourceRetired;
  facts: EventFacts;
}

/** A kept disruption with its place in the log and what it names. */
export interface PlacedDisruption {
  disruption: KeptDisruption;
  position: Position;
  bookingIds: string[];
  resourceId: string | null;
}

/** The key of a booking's place (space and site) in placesOf. */
export const placeKey = (booking: TrackedBooking): string => `${booking.entry.spaceId}\0${booking.entry.siteId}`;

/** A person as the consumer sees them: their profile, or gone for good. */
export type KnownRecipient = RecipientProfile | 'erased';

/**
 * The notifications consumer's folded state in schema `notifications`, read and written with
 * the client of the consumer's transaction (or the reminder ticker's), so the state moves
 * exactly as far as the processed events.
 */
export class NotificationsConsumerState {
  constructor(readonly client: pg.ClientBase) {}

  /**
   * Topic partitions are consumed in parallel transactions that cannot see each other's writes:
   * a booking event and the SpaceCreated, refused blackout or profile change it is judged against
   * could each miss the other. Booking events take this lock shared, those facts exclusive (and
   * before writing anything), so one of the two always sees the other. Facts are rare; bookings
   * still run in parallel with each other.
   */
  async lockFacts(mode: 'judge' | 'change'): Promise<void> {
    await this.client.query(mode === 'judge' ? 'SELECT pg_advisory_xact_lock_shared(hashtext($1))' : 'SELECT pg_advisory_xact_lock(hashtext($1))', [FACTS_LOCK]);
  }

  // People ------------------------------------------------------------------------------------

  /** The recipients by id: erased, their profile, or absent when the consumer has not seen them yet. */
  async recipients(userIds: readonly string[]): Promise<Map<string, KnownRecipient>> {
    const { rows } = await this.client.query<{ user_id: string; erased: boolean; locale: string | null; time_zone: string | null; preferences: NotificationPreferences | null; settings: NotificationSettings | null }>(
      `SELECT u.user_id, e.user_id IS NOT NULL AS erased, p.locale, p.time_zone, p.preferences, p.settings
         FROM unnest($1::text[]) AS u(user_id)
         LEFT JOIN notifications.erased_people e ON e.user_id = u.user_id
         LEFT JOIN notifications.people p ON p.user_id = u.user_id
        WHERE e.user_id IS NOT NULL OR p.user_id IS NOT NULL`,
      [[...new Set(userIds)]],
    );
    return new Map(rows.map((r): [string, KnownRecipient] => [
      r.user_id,
      r.erased ? 'erased' : { userId: r.user_id, locale: r.locale!, timeZone: r.time_zone!, preferences: r.preferences!, settings: r.settings! },
    ]));
  }

  async saveProfile(profile: RecipientProfile): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications.people (user_id, locale, time_zone, preferences, settings) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale, time_zone = excluded.time_zone, preferences = excluded.preferences, settings = excluded.settings`,
      [profile.userId, profile.locale, profile.timeZone, JSON.stringify(profile.preferences), JSON.stringify(profile.settings)],
    );
  }

  /** Everything kept about the person and told to them goes (deliveries cascade); a tombstone keeps late events from telling them more. */
  async erase(userId: string): Promise<void> {
    await this.client.query('INSERT INTO notifications.erased_people (user_id) VALUES ($1) ON CONFLICT DO NOTHING', [userId]);
    for (const sql of [
      // Reminders first: a ticker firing one of them holds it until it commits its notification,
      // which the next statement then sees and deletes.
      'DELETE FROM notifications.reminders WHERE recipient_id = $1',
      'DELETE FROM notifications.notifications WHERE recipient_id = $1',
      'DELETE FROM notifications.push_subscriptions WHERE user_id = $1',
      'DELETE FROM notifications.people WHERE user_id = $1',
      'DELETE FROM notifications.role_grants WHERE user_id = $1',
      'DELETE FROM notifications.login_browsers WHERE user_id = $1',
    ]) {
      await this.client.query(sql, [userId]);
    }
  }

  // Access ------------------------------------------------------------------------------------

  async grant(userId: string, grant: RoleGrant): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications.role_grants (user_id, role, site_ids) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, role) DO UPDATE SET site_ids = excluded.site_ids`,
      [userId, grant.role, grant.siteIds],
    );
  }

  async revoke(userId: string, role: string): Promise<void> {
    await this.client.query('DELETE FROM notifications.role_grants WHERE user_id = $1 AND role = $2', [userId, role]);
  }

  async defineRole(role: string, permissions: readonly Permission[]): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications.custom_roles (role, permissions) VALUES ($1, $2)
       ON CONFLICT (role) DO UPDATE SET permissions = excluded.permissions`,
      [role, permissions],
    );
  }

  async deleteRole(role: string): Promise<void> {
    await this.client.query('DELETE FROM notifications.custom_roles WHERE role = $1', [role]);
  }

  async customRoles(): Promise<Map<string, Permission[]>> {
    const { rows } = await this.client.query<{ role: string; permissions: string[] }>('SELECT role, permissions FROM notifications.custom_roles');
    return new Map(rows.map((r) => [r.role, r.permissions.filter(isPermission)]));
  }

  /** Every grant of the given roles, by person (people without one of them are left out). */
  async grantsOfRoles(roles: readonly string[]): Promise<Map<string, RoleGrant[]>> {
    const { rows } = await this.client.query<{ user_id: string; role: string; site_ids: string[] | null }>(
      'SELECT user_id, role, site_ids FROM notifications.role_grants WHERE role = ANY($1::text[]) ORDER BY user_id, role',
      [roles],
    );
    const byPerson = new Map<string, RoleGrant[]>();
    for (const r of rows) byPerson.set(r.user_id, [...(byPerson.get(r.user_id) ?? []), { role: r.role, siteIds: r.site_ids }]);
    return byPerson;
  }

  // Catalog -----------------------------------------------------------------------------------

  async saveSite(siteId: string, details: { name?: string | undefined; address?: string | undefined; city?: string | undefined }): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications.sites (site_id, name, address, city) VALUES ($1, coalesce($2, ''), coalesce($3, ''), coalesce($4, ''))
       ON CONFLICT (site_id) DO UPDATE SET name = coalesce($2, sites.name), address = coalesce($3, sites.address), city = coalesce($4, sites.city)`,
      [siteId, details.name ?? null, details.address ?? null, details.city ?? null],
    );
  }

  async saveSpace(spaceId: string, details: { siteId?: string | undefined; name?: string | undefined }): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications.spaces (space_id, site_id, name) VALUES ($1, coalesce($2, ''), coalesce($3, ''))
       ON CONFLICT (space_id) DO UPDATE SET site_id = coalesce($2, spaces.site_id), name = coalesce($3, spaces.name)`,
      [spaceId, details.siteId ?? null, details.name ?? null],
    );
  }

  async saveResource(resourceId: string, name: string): Promise<void> {
    await this.client.query(
      'INSERT INTO notifications.resources (resource_id, name) VALUES ($1, $2) ON CONFLICT (resource_id) DO UPDATE SET name = excluded.name',
      [resourceId, name],
    );
  }

  async resourceName(resourceId: string): Promise<string | null> {
    const { rows } = await this.client.query<{ name: string }>('SELECT name FROM notifications.resources WHERE resource_id = $1', [resourceId]);
    return rows[0]?.name ?? null;
  }

  /** Names of each booking's space and site, as far as they are known, by booking id. */
  async places(bookings: readonly TrackedBooking[]): Promise<Map<string, PlaceNames>> {
    const { rows } = await this.client.query<{ booking_id: string; space_name: string | null; site_name: string | null; address: string | null; city: string | null }>(
      `SELECT k.booking_id, sp.name AS space_name, si.name AS site_name, si.address, si.city
         FROM unnest($1::text[], $2::text[], $3::text[]) AS k(booking_id, space_id, site_id)
         LEFT JOIN notifications.spaces sp ON sp.space_id = k.space_id
         LEFT JOIN notifications.sites si ON si.site_id = k.site_id`,
      [bookings.map((b) => b.entry.bookingId), bookings.map((b) => b.entry.spaceId), bookings.map((b) => b.entry.siteId)],
    );
    return new Map(rows.map((r) => [r.booking_id, {
      spaceName: r.space_name,
      siteName: r.site_name,
      siteAddress: r.address === null ? null : siteAddress(r.address, r.city ?? ''),
    }]));
  }

  /** Names of spaces and sites as far as they are known, by placeKey of a booking. */
  async placesOf(bookings: readonly TrackedBooking[]): Promise<Map<string, PlaceNames>> {
    const keys = new Map(bookings.map((b) => [placeKey(b), b.entry]));
    const { rows } = await this.client.query<{ space_id: string; site_id: string; space_name: string | null; site_name: string | null; address: string | null; city: string | null }>(
      `SELECT k.space_id, k.site_id, sp.name AS space_name, si.name AS site_name, si.address, si.city
         FROM unnest($1::text[], $2::text[]) AS k(space_id, site_id)
         LEFT JOIN notifications.spaces sp ON sp.space_id = k.space_id
         LEFT JOIN notifications.sites si ON si.site_id = k.site_id`,
      [[...keys.values()].map((e) => e.spaceId), [...keys.values()].map((e) => e.siteId)],
    );
    return new Map(rows.map((r) => [`${r.space_id}\0${r.site_id}`, {
      spaceName: r.space_name,
      siteName: r.site_name,
      siteAddress: r.address === null ? null : siteAddress(r.address, r.city ?? ''),
    }]));
  }

  /**
   * Notifications made before a space or site was known get its name once it is: the inbox
   * shows them resolved (emails already sent stay as they went).
   */
  async fillInNames(what: { spaceId: string; spaceName: string } | { siteId: string; siteName: string; siteAddress: string }): Promise<void> {
    if ('spaceId' in what) {
      await this.client.query(
        `UPDATE notifications.notifications SET data = jsonb_set(data, '{booking,spaceName}', to_jsonb($2::text))
          WHERE data->'booking'->>'spaceId' = $1 AND data->'booking'->'spaceName' = 'null'::jsonb`,
        [what.spaceId, what.spaceName],
      );
      return;
    }
    await this.client.query(
      `UPDATE notifications.notifications
          SET data = jsonb_set(jsonb_set(data, '{booking,siteName}', to_jsonb($2::text)), '{booking,siteAddress}', to_jsonb($3::text))
        WHERE data->'booking'->>'siteId' = $1 AND data->'booking'->'siteName' = 'null'::jsonb`,
      [what.siteId, what.siteName, what.siteAddress],
    );
  }

  // Bookings and blackouts ----------------------------------------------------------------------

  /** The booking, its row locked until the transaction ends (a reminder ticker reads it too). */
  async booking(bookingId: string): Promise<TrackedBooking | null> {
    const { rows } = await this.client.query<{ booking: TrackedBooking }>('SELECT booking FROM notifications.bookings WHERE booking_id = $1 FOR UPDATE', [bookingId]);
    return rows[0]?.booking ?? null;
  }

  async bookings(bookingIds: readonly string[]): Promise<TrackedBooking[]> {
    const { rows } = await this.client.query<{ booking: TrackedBooking }>('SELECT booking FROM notifications.bookings WHERE booking_id = ANY($1::text[]) ORDER BY booking_id', [[...bookingIds]]);
    return rows.map((r) => r.booking);
  }

  /** Active bookings holding `resourceId` that end after `after`. */
  async bookingsHolding(resourceId: string, after: string): Promise<TrackedBooking[]> {
    const { rows } = await this.client.query<{ booking: TrackedBooking }>(
      'SELECT booking FROM notifications.bookings WHERE active AND resource_ids @> ARRAY[$1::text] AND end_at > $2 ORDER BY booking_id',
      [resourceId, after],
    );
    return rows.map((r) => r.booking);
  }

  /** The bookings by id, their rows locked until the transaction ends (in id order, as every locker takes them). */
  async lockBookings(bookingIds: readonly string[]): Promise<Map<string, TrackedBooking>> {
    const { rows } = await this.client.query<{ booking: TrackedBooking }>(
      'SELECT booking FROM notifications.bookings WHERE booking_id = ANY($1::text[]) ORDER BY booking_id FOR UPDATE',
      [[...new Set(bookingIds)]],
    );
    return new Map(rows.map((r) => [r.booking.entry.bookingId, r.booking]));
  }

  /** saveBooking for many bookings in one statement (each booking once). */
  async saveBookings(bookings: readonly TrackedBooking[]): Promise<void> {
    if (bookings.length === 0) return;
    await this.client.query(
      `INSERT INTO notifications.bookings (booking_id, booker_id, resource_ids, active, end_at, booking)
       SELECT b.booking_id, b.booker_id, ARRAY(SELECT jsonb_array_elements_text(b.resource_ids)), b.active, b.end_at, b.booking
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::boolean[], $5::timestamptz[], $6::jsonb[]) AS b(booking_id, booker_id, resource_ids, active, end_at, booking)
       ON CONFLICT (booking_id) DO UPDATE SET resource_ids = excluded.resource_ids, active = excluded.active, end_at = excluded.end_at, booking = excluded.booking`,
      [
        bookings.map((b) => b.entry.bookingId), bookings.map((b) => b.entry.bookerId), bookings.map((b) => JSON.stringify(b.resources.map((r) => r.resourceId))),
        bookings.map(isActive), bookings.map((b) => b.entry.end), bookings.map((b) => JSON.stringify(b)),
      ],
    );
  }

  async saveBooking(booking: TrackedBooking): Promise<void> {
    const { entry } = booking;
    await this.client.query(
      `INSERT INTO notifications.bookings (booking_id, booker_id, resource_ids, active, end_at, booking) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (booking_id) DO UPDATE SET resource_ids = excluded.resource_ids, active = excluded.active, end_at = excluded.end_at, booking = excluded.booking`,
      [entry.bookingId, entry.bookerId, booking.resources.map((r) => r.resourceId), isActive(booking), entry.end, JSON.stringify(booking)],
    );
  }

  async saveBlackout(blackout: TrackedBlackout): Promise<void> {
    await this.client.query(
      'INSERT INTO notifications.blackouts (blackout_id, blackout) VALUES ($1, $2) ON CONFLICT (blackout_id) DO UPDATE SET blackout = excluded.blackout',
      [blackout.blackoutId, JSON.stringify(blackout)],
    );
  }

  async blackout(blackoutId: string): Promise<TrackedBlackout | null> {
    const { rows } = await this.client.query<{ blackout: TrackedBlackout }>('SELECT blackout FROM notifications.blackouts WHERE blackout_id = $1', [blackoutId]);
    return rows[0]?.blackout ?? null;
  }

  /** Keeps a disruption, to judge bookings whose earlier events arrive after it. */
  async rememberDisruption(disruption: KeptDisruption, position: Position): Promise<void> {
    const { event, facts } = disruption;
    await this.client.query(
      `INSERT INTO notifications.disruptions (event_id, commit_position, prepare_position, booking_ids, resource_id, event, facts)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [
        facts.id, String(position.commit), String(position.prepare),
        event.type === 'BlackoutRefused' ? event.data.conflicts.filter((c) => c.holder.kind === 'booking').map((c) => c.holder.id) : null,
        event.type === 'ResourceRetired' ? event.data.resourceId : null,
        JSON.stringify(event), JSON.stringify(facts),
      ],
    );
  }

  /** Disruptions later in the log than `position` that name the booking or a resource it holds. */
  async disruptionsAfter(position: Position, booking: TrackedBooking): Promise<KeptDisruption[]> {
    const { rows } = await this.client.query<KeptDisruption>(
      `SELECT event, facts FROM notifications.disruptions
        WHERE (commit_position, prepare_position) > ($1::bigint, $2::bigint)
          AND (booking_ids @> ARRAY[$3::text] OR resource_id = ANY($4::text[]))
        ORDER BY commit_position, prepare_position`,
      [String(position.commit), String(position.prepare), booking.entry.bookingId, booking.resources.map((r) => r.resourceId)],
    );
    return rows;
  }

  /** Disruptions later in the log than `position` that name one of the bookings or resources, with their place and targets. */
  async disruptionsTouching(position: Position, bookingIds: readonly string[], resourceIds: readonly string[]): Promise<PlacedDisruption[]> {
    const { rows } = await this.client.query<KeptDisruption & { commit_position: string; prepare_position: string; booking_ids: string[] | null; resource_id: string | null }>(
      `SELECT event, facts, commit_position, prepare_position, booking_ids, resource_id FROM notifications.disruptions
        WHERE (commit_position, prepare_position) > ($1::bigint, $2::bigint)
          AND (booking_ids && $3::text[] OR resource_id = ANY($4::text[]))
        ORDER BY commit_position, prepare_position`,
      [String(position.commit), String(position.prepare), [...new Set(bookingIds)], [...new Set(resourceIds)]],
    );
    return rows.map((r) => ({
      disruption: { event: r.event, facts: r.facts },
      position: { commit: BigInt(r.commit_position), prepare: BigInt(r.prepare_position) },
      bookingIds: r.booking_ids ?? [],
      resourceId: r.resource_id,
    }));
  }

  // Sign-ins ----------------------------------------------------------------------------------

  /** Remembers the browser; says whether it was known, and whether any was. */
  async sawBrowser(userId: string, browserHash: string): Promise<{ knownBrowser: boolean; firstLogin: boolean }> {
    const { rows } = await this.client.query<{ known: boolean; any: boolean }>(
      `SELECT bool_or(browser_hash = $2) IS TRUE AS known, count(*) > 0 AS any FROM notifications.login_browsers WHERE user_id = $1`,
      [userId, browserHash],
    );
    await this.client.query('INSERT INTO notifications.login_browsers (user_id, browser_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, browserHash]);
    return { knownBrowser: rows[0]!.known, firstLogin: !rows[0]!.any };
  }

  // Reminders ---------------------------------------------------------------------------------

  async planReminder(reminder: PlannedReminder): Promise<void> {
    await this.client.query(
      `INSERT INTO notifications.reminders (booking_id, recipient_id, start_at, due_at, lead_minutes, source_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (booking_id) DO UPDATE SET recipient_id = excluded.recipient_id, start_at = excluded.start_at, due_at = excluded.due_at,
         lead_minutes = excluded.lead_minutes, source_id = excluded.source_id`,
      [reminder.bookingId, reminder.recipientId, reminder.start, reminder.dueAt, reminder.leadMinutes, reminder.sourceId],
    );
  }

  /** planReminder for many bookings in one statement (each booking once). */
  async planReminders(reminders: readonly PlannedReminder[]): Promise<void> {
    if (reminders.length === 0) return;
    await this.client.query(
      `INSERT INTO notifications.reminders (booking_id, recipient_id, start_at, due_at, lead_minutes, source_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::text[])
       ON CONFLICT (booking_id) DO UPDATE SET recipient_id = excluded.recipient_id, start_at = excluded.start_at, due_at = excluded.due_at,
         lead_minutes = excluded.lead_minutes, source_id = excluded.source_id`,
      [reminders.map((r) => r.bookingId), reminders.map((r) => r.recipientId), reminders.map((r) => r.start), reminders.map((r) => r.dueAt), reminders.map((r) => r.leadMinutes), reminders.map((r) => r.sourceId)],
    );
  }

  async dropReminders(bookingIds: readonly string[]): Promise<void> {
    if (bookingIds.length === 0) return;
    await this.client.query('DELETE FROM notifications.reminders WHERE booking_id = ANY($1::text[])', [[...bookingIds]]);
  }

  async dropReminder(bookingId: string): Promise<void> {
    await this.client.query('DELETE FROM notifications.reminders WHERE booking_id = $1', [bookingId]);
  }

  /** The person changed how early they want reminding: their waiting reminders move (due = start − lead). */
  async moveReminders(recipientId: string, leadMinutes: number): Promise<void> {
    await this.client.query(
      `UPDATE notifications.reminders SET due_at = start_at - make_interval(mins => $2), lead_minutes = $2
        WHERE recipient_id = $1 AND lead_minutes <> $2`,
      [recipientId, leadMinutes],
    );
  }
}
