/**
 * The columns every read-model row that mirrors a stream ends with. `Instant` is how a
 * timestamptz is held: an ISO string as the projections fold rows, a Date as pg reads them.
 */
export interface RowStamps<Instant> {
  created_at: Instant;
  updated_at: Instant;
  revision: number;
}

/** Catalog entries are retired, never deleted. */
export interface Retirement<Instant> {
  retired: boolean;
  retired_at: Instant | null;
}
