import type { Retirement, RowStamps } from './row-stamps.js';

/** A row of `resources` (read-models/migrations/002_catalog.sql); `Instant` as in RowStamps. */
export interface ResourceRow<Instant = string> extends Retirement<Instant>, RowStamps<Instant> {
  id: string;
  site_id: string;
  name: string;
  category: string;
  quantity: number;
  description: string;
  time_zone: string;
}
