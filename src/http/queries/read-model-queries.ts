import type { Interval } from '../contracts/common.contracts.js';
import type { Blackout, ListBlackoutsQuery } from '../contracts/blackouts.contracts.js';
import type { BookingDetails, BookingHistoryEntry, ListBookingsQuery } from '../contracts/bookings.contracts.js';
import type { ListResourcesQuery, Resource } from '../contracts/resources.contracts.js';
import type { ListSitesQuery, Site } from '../contracts/sites.contracts.js';
import type { ListSpacesQuery, Space } from '../contracts/spaces.contracts.js';

export interface Page<T> {
  items: T[];
  /** Matches before limit/offset. */
  total: number;
}

export interface AvailabilityIntervals {
  busy: Interval[];
  closed: Interval[];
  free: Interval[];
}

/**
 * The bookings one caller may see: their own (`userId`) on `ownSiteIds`, or on every site when
 * that is null, and anyone's on `anySiteIds`. Absent when the caller may see every booking.
 */
export interface BookingVisibility {
  userId: string;
  ownSiteIds: string[] | null;
  anySiteIds: string[];
}

/** The API's list filter, narrowed to what the caller may see (`visibleTo` ANDs with every filter); `now` places `view`. */
export type BookingListFilter = ListBookingsQuery & { visibleTo?: BookingVisibility; now?: string };

/**
 * What the HTTP layer reads, in the API's own shapes (instants as ISO strings). The container
 * adapts the read-model query functions to this port; GET routes never touch the write side.
 */
export interface ReadModelQueries {
  listSites(filter: ListSitesQuery): Promise<Page<Site>>;
  getSite(siteId: string): Promise<Site | null>;
  listSpaces(filter: ListSpacesQuery): Promise<Page<Space>>;
  getSpace(spaceId: string): Promise<Space | null>;
  getSpaceAvailability(spaceId: string, from: string, to: string): Promise<AvailabilityIntervals>;
  listResources(filter: ListResourcesQuery): Promise<Page<Resource>>;
  getResource(resourceId: string): Promise<Resource | null>;
  listBlackouts(filter: ListBlackoutsQuery): Promise<Page<Blackout>>;
  getBooking(bookingId: string): Promise<BookingDetails | null>;
  listBookings(filter: BookingListFilter): Promise<Page<BookingDetails>>;
  /** Oldest first. */
  getBookingHistory(bookingId: string): Promise<BookingHistoryEntry[]>;
}
