import type pg from 'pg';
import { getSpaceAvailability } from '../../read-models/queries/availability.queries.js';
import { listBlackouts } from '../../read-models/queries/blackouts.queries.js';
import { getBooking, getBookingHistory, listBookings, type BookingView } from '../../read-models/queries/bookings.queries.js';
import { getResource, listResources } from '../../read-models/queries/resources.queries.js';
import { getSite, listSites } from '../../read-models/queries/sites.queries.js';
import { getSpace, listSpaces, type SpaceView } from '../../read-models/queries/spaces.queries.js';
import type { Blackout, BookingDetails, Resource, Site, Space } from '../http/contracts/index.js';
import type { Page, ReadModelQueries } from '../http/queries/read-model-queries.js';

/** Pages a small list that the read model returns whole (sites, resources, blackouts of a filter). */
function page<T>(all: T[], filter: { limit: number; offset: number }): Page<T> {
  return { items: all.slice(filter.offset, filter.offset + filter.limit), total: all.length };
}

const space = ({ siteName: _s, city: _c, retiredAt: _r, ...view }: SpaceView): Space => view as Space;
const booking = (v: BookingView): BookingDetails => ({
  id: v.id,
  spaceId: v.spaceId,
  bookerId: v.bookerId,
  status: v.status,
  start: v.start,
  end: v.end,
  purpose: v.purpose,
  participants: v.participants,
  resources: v.resources,
  revision: v.revision,
  siteId: v.siteId,
  timeZone: v.timeZone,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

/** The HTTP layer's read port, served by the PostgreSQL read models in `schema`. */
export function postgresReadModelQueries(pool: pg.Pool, schema: string): ReadModelQueries {
  return {
    listSites: async (filter) => page((await listSites(pool, schema, filter)) as Site[], filter),
    getSite: async (id) => (await getSite(pool, schema, id)) as Site | null,
    listSpaces: async (filter) => {
      const { items, total } = await listSpaces(pool, schema, filter);
      return { items: items.map(space), total };
    },
    getSpace: async (id) => {
      const found = await getSpace(pool, schema, id);
      return found && space(found);
    },
    getSpaceAvailability: async (id, from, to) => {
      const found = await getSpaceAvailability(pool, schema, id, from, to);
      return found ?? { busy: [], closed: [], free: [] };
    },
    listResources: async (filter) => page((await listResources(pool, schema, filter)).map(({ retiredAt: _r, ...r }) => r as Resource), filter),
    getResource: async (id) => {
      const found = await getResource(pool, schema, id);
      if (!found) return null;
      const { retiredAt: _r, ...r } = found;
      return r as Resource;
    },
    listBlackouts: async (filter) => {
      const all = await listBlackouts(pool, schema, { siteId: filter.siteId, targetId: filter.spaceId ?? filter.resourceId, from: filter.from, to: filter.to });
      const matching = all.filter((b) => !filter.status || b.status === filter.status);
      return page(matching.map(({ conflicts: _c, liftReason: _l, requestedBy: _r, ...b }) => b as Blackout), filter);
    },
    getBooking: async (id) => {
      const found = await getBooking(pool, schema, id);
      return found && booking(found);
    },
    listBookings: async (filter) => {
      const { items, total } = await listBookings(pool, schema, filter);
      return { items: items.map(booking), total };
    },
    getBookingHistory: async (id) =>
      ((await getBookingHistory(pool, schema, id)) ?? []).map((e) => ({
        revision: e.revision,
        type: e.type,
        occurredAt: e.occurredAt,
        actor: e.actor as { id: string; kind: 'user' | 'system' },
        correlationId: e.correlationId,
        previousStatus: e.previousStatus,
        status: e.status,
        details: e.details,
      })),
  };
}
