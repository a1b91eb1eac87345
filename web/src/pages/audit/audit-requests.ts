// The audit pages' requests, on any ApiClient: the pages pass the app's, the e2e test one of its own.
import type { ApiClient } from '../../api/client.js';
import type { AuditEntryPage, AuditVerification, BookingAsOf, BookingChange, BookingChangePage, Space } from '../../api/types.js';

export const AUDIT_FILTERS = ['bookingId', 'userId', 'spaceId', 'actor', 'eventType', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

export function listEntries(client: ApiClient, filters: AuditFilters, page: { limit: number; offset: number }, signal?: AbortSignal): Promise<AuditEntryPage> {
  return client.get('/audit/entries', { query: { ...filters, ...page }, signal });
}

/** The newest `limit` entries: the trail is in chain order, oldest first, so its length is asked first. */
export async function latestEntries(client: ApiClient, filters: AuditFilters, limit: number, signal?: AbortSignal): Promise<AuditEntryPage> {
  const { total } = await listEntries(client, filters, { limit: 1, offset: 0 }, signal);
  return listEntries(client, filters, { limit, offset: Math.max(0, total - limit) }, signal);
}

/** Every matching entry as a JSON Lines or CSV file. */
export function exportEntries(client: ApiClient, filters: AuditFilters, format: 'jsonl' | 'csv'): Promise<{ blob: Blob; filename: string }> {
  return client.download('/audit/entries', { query: { ...filters, format } });
}

export function verifyChain(client: ApiClient, signal?: AbortSignal): Promise<AuditVerification> {
  return client.get('/audit/verification', { signal });
}

/** Every event of a booking, oldest first, with the actors' names where the viewer may read them. */
export async function bookingChanges(client: ApiClient, bookingId: string, signal?: AbortSignal): Promise<BookingChange[]> {
  const limit = 200;
  const changes: BookingChange[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await client.get<BookingChangePage>('/bookings/changes', { query: { bookingId, limit, offset }, signal });
    changes.push(...page.items);
    if (offset + limit >= page.total) break;
  }
  return changes.sort((a, b) => a.revision - b.revision);
}

/** The booking as it stood at `asOf` and, with `validAt`, whether it then held its space at that instant. */
export function bookingAsOf(client: ApiClient, bookingId: string, asOf: string, validAt?: string, signal?: AbortSignal): Promise<BookingAsOf> {
  return client.get(`/audit/bookings/${encodeURIComponent(bookingId)}`, { query: { asOf, validAt }, signal });
}

export function loadSpace(client: ApiClient, spaceId: string, signal?: AbortSignal): Promise<Space> {
  return client.get(`/spaces/${encodeURIComponent(spaceId)}`, { signal });
}
