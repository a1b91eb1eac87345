import { api, ifMatch, STRONG_READ, type ApiClient } from '../../api/client.js';
import type { Booking, BookingDetails, BookingPage, BookingPreview, ChangeBookingRequest, GoogleBookingSyncStatus, GoogleConnectionStatus, RequestBookingRequest, Resource, ResourcePage, Site, Space } from '../../api/types.js';


export type BookingView = 'upcoming' | 'past' | 'cancelled';
export type BookingTransition = 'cancel' | 'check-in' | 'approve' | 'reject';

/** The booking routes of the REST API as the pages use them, on a client (the app's, or a test's on a real server). */
export const bookingRoutes = (client: ApiClient) => ({
  preview: (body: RequestBookingRequest) => client.post<BookingPreview>('/bookings/preview', body),
  create: (body: RequestBookingRequest, idempotencyKey: string) => client.post<Booking>('/bookings', body, { idempotencyKey }),
  previewChange: (bookingId: string, changes: ChangeBookingRequest, revision: number) =>
    client.post<BookingPreview>(`/bookings/${bookingId}/preview-change`, changes, { headers: ifMatch(revision) }),
  change: (bookingId: string, changes: ChangeBookingRequest, revision: number) => client.patch<Booking>(`/bookings/${bookingId}`, changes, { headers: ifMatch(revision) }),
  get: (bookingId: string, signal?: AbortSignal) => client.get<BookingDetails>(`/bookings/${bookingId}`, { signal, headers: STRONG_READ }),
  list: (view: BookingView, q: string, offset: number, limit: number, signal?: AbortSignal) =>
    client.get<BookingPage>('/bookings', { query: { view, q: q.trim(), offset, limit }, signal, headers: STRONG_READ }),
  /** Cancel (body: reason), check in (no body), approve or reject (body: comment), at the revision shown. */
  transition: (bookingId: string, action: BookingTransition, revision: number, text = '') => {
    const body = action === 'cancel' ? { reason: text } : action === 'check-in' ? {} : { comment: text };
    // If-Match makes a repeat harmless: it finds a newer revision and answers 412.
    return client.post<Booking>(`/bookings/${bookingId}/${action}`, body, { headers: ifMatch(revision) });
  },
  googleConnection: (signal?: AbortSignal) => client.get<GoogleConnectionStatus>('/calendar/google/connection', { signal }),
  googleSync: (bookingId: string, signal?: AbortSignal) => client.get<GoogleBookingSyncStatus>(`/calendar/google/bookings/${bookingId}`, { signal }),
  /** The catalog around a booking: its space, the space's site and the site's pooled resources. */
  place: async (spaceId: string, signal?: AbortSignal): Promise<{ space: Space; site: Site | undefined; resources: Resource[] }> => {
    const space = await client.get<Space>(`/spaces/${spaceId}`, { signal });
    const [site, resources] = await Promise.all([
      client.get<Site>(`/sites/${space.siteId}`, { signal }).catch(() => undefined),
      client.get<ResourcePage>('/resources', { query: { siteId: space.siteId, limit: 200 }, signal }),
    ]);
    return { space, site, resources: resources.items };
  },
});

export const bookingApi = bookingRoutes(api);
