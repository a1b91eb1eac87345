import { analyticsAvailabilityProjection } from './analytics-availability.projection.js';
import { analyticsBookingsProjection } from './analytics-bookings.projection.js';
import { blackoutsProjection } from './blackouts.projection.js';
import { bookingsProjection } from './bookings.projection.js';
import { customRolesProjection } from './custom-roles.projection.js';
import { occupancyProjection } from './occupancy.projection.js';
import type { Projection } from './projection.js';
import { resourcesProjection } from './resources.projection.js';
import { sitesProjection } from './sites.projection.js';
import { spacesProjection } from './spaces.projection.js';
import { usersProjection } from './users.projection.js';

/** Every read-model projection, in the order the projector applies a batch to them. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  sitesProjection,
  spacesProjection,
  resourcesProjection,
  blackoutsProjection,
  bookingsProjection,
  occupancyProjection,
  usersProjection,
  customRolesProjection,
  analyticsBookingsProjection,
  analyticsAvailabilityProjection,
];

/** `'all'` or one projection's name → the projections; unknown names are an error listing the known ones. */
export function selectProjections(name: string | 'all'): Projection[] {
  if (name === 'all') return [...ALL_PROJECTIONS];
  const found = ALL_PROJECTIONS.find((p) => p.name === name);
  if (!found) throw new Error(`unknown projection ${JSON.stringify(name)}; known: all, ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
  return [found];
}
