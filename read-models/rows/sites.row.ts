import type { RowStamps } from './row-stamps.js';

/** A row of `sites` (read-models/migrations/002_catalog.sql); `Instant` as in RowStamps. */
export interface SiteRow<Instant = string> extends RowStamps<Instant> {
  id: string;
  name: string;
  address: string;
  city: string;
  latitude: number;
  longitude: number;
  time_zone: string;
  kind: string;
}
