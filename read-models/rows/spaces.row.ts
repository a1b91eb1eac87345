import type { BookingPolicy } from '../../src/catalog/domain/catalog.types.js';
import type { Retirement, RowStamps } from './row-stamps.js';

/** A row of `spaces` (read-models/migrations/002_catalog.sql); `Instant` as in RowStamps. */
export interface SpaceRow<Instant = string> extends Retirement<Instant>, RowStamps<Instant> {
  id: string;
  site_id: string;
  name: string;
  kind: string;
  capacity: number;
  amenities: string[];
  photo_urls: string[];
  description: string;
  policy: BookingPolicy;
  time_zone: string;
}
