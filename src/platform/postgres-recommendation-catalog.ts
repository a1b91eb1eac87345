import type pg from 'pg';
import { getSpaceAvailability } from '../../read-models/queries/availability.queries.js';
import { getResourceHolds } from '../../read-models/queries/resource-holds.queries.js';
import { getResource } from '../../read-models/queries/resources.queries.js';
import { listSpaces } from '../../read-models/queries/spaces.queries.js';
import type { RecommendationCatalog } from '../analytics/application/recommendations.js';

/** What recommendations search, served by the same read-model query functions as the catalog and availability endpoints. */
export function postgresRecommendationCatalog(pool: pg.Pool, schema: string): RecommendationCatalog {
  return {
    findSpaces: async (filter) => {
      const page = await listSpaces(pool, schema, filter);
      return {
        total: page.total,
        items: page.items.map((s) => ({ spaceId: s.id, name: s.name, siteId: s.siteId, timeZone: s.timeZone, capacity: s.capacity, amenities: s.amenities, policy: s.policy, createdAt: s.createdAt })),
      };
    },
    availability: async (spaceId, from, to) => (await getSpaceAvailability(pool, schema, spaceId, from, to)) ?? { busy: [], free: [] },
    resource: async (resourceId) => {
      const found = await getResource(pool, schema, resourceId);
      return found && { siteId: found.siteId, quantity: found.quantity, retired: found.retired };
    },
    resourceHolds: (resourceId, from, to) => getResourceHolds(pool, schema, resourceId, from, to),
  };
}
