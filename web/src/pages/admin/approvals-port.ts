import { api, type ApiClient, STRONG_READ, ifMatch } from '../../api/client.js';
import type { BookingDetails, BookingPage, Space } from '../../api/types.js';
import { displayNames } from './admin-api.js';

/** Something an approver should weigh before deciding. */
export type ApprovalConcern = { kind: 'overlap'; with: string } | { kind: 'overCapacity'; capacity: number };

export interface PendingApproval {
  booking: BookingDetails;
  spaceName: string;
  /** Null when the approver may not read people's names (users.read). */
  personName: string | null;
  concerns: ApprovalConcern[];
}

export type Decision = 'approve' | 'reject';

/** What the approvals list needs from the outside world: the API in the app, a fake in tests. */
export interface ApprovalsPort {
  pending(signal?: AbortSignal): Promise<PendingApproval[]>;
  decide(booking: BookingDetails, decision: Decision, comment: string): Promise<void>;
}

const overlaps = (a: BookingDetails, b: BookingDetails) => a.spaceId === b.spaceId && a.start < b.end && b.start < a.end;

/** Pending requests that overlap on one space, and more people than seats. */
export function concernsOf(booking: BookingDetails, all: BookingDetails[], space: Space | undefined): ApprovalConcern[] {
  const concerns: ApprovalConcern[] = all.filter((o) => o.id !== booking.id && overlaps(booking, o)).map((o) => ({ kind: 'overlap', with: o.purpose || o.id }));
  if (space && booking.participants > space.capacity) concerns.push({ kind: 'overCapacity', capacity: space.capacity });
  return concerns;
}

/**
 * The port on the real API: pending bookings the person may see (GET /bookings filtered by
 * status), kept to the sites where they may approve, soonest first, with space and person names.
 */
export function apiApprovalsPort({ canApprove, canReadUsers, client = api }: { canApprove(siteId: string): boolean; canReadUsers: boolean; client?: ApiClient }): ApprovalsPort {
  return {
    async pending(signal) {
      const page = await client.get<BookingPage>('/bookings', { query: { status: 'pending_approval', limit: 200 }, headers: STRONG_READ, signal });
      const bookings = page.items.filter((b) => canApprove(b.siteId)).sort((a, b) => a.start.localeCompare(b.start));
      const unique = <T>(xs: T[]) => [...new Set(xs)];
      const [spaces, nameById] = await Promise.all([
        Promise.all(unique(bookings.map((b) => b.spaceId)).map((id) => client.get<Space>(`/spaces/${id}`, { signal }).catch(() => undefined))),
        displayNames(canReadUsers ? bookings.map((b) => b.bookerId) : [], signal, client),
      ]);
      const spaceById = new Map(spaces.filter((s): s is Space => !!s).map((s) => [s.id, s]));
      return bookings.map((booking) => {
        const space = spaceById.get(booking.spaceId);
        return { booking, spaceName: space?.name ?? booking.spaceId, personName: nameById.get(booking.bookerId) ?? null, concerns: concernsOf(booking, bookings, space) };
      });
    },
    async decide(booking, decision, comment) {
      await client.post(`/bookings/${booking.id}/${decision}`, { comment }, { headers: ifMatch(booking.revision) });
    },
  };
}
