import type { BookingCommands } from '../../booking/application/booking-commands.js';
import type { CatalogCommands } from '../../catalog/application/catalog-commands.js';
import type { Page, ReadModelQueries } from '../queries/read-model-queries.js';

/** What the route modules need: the write side (commands) and the read side (queries). */
export interface RouteModuleDeps {
  bookings: BookingCommands;
  catalog: CatalogCommands;
  queries: ReadModelQueries;
}

export const API_PREFIX = '/api/v1';

export function pageBody<T>(page: Page<T>, query: { limit: number; offset: number }) {
  return { items: page.items, total: page.total, limit: query.limit, offset: query.offset };
}
