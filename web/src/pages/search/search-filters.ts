import { UUID_PATTERN, type Query } from '../../api/client.js';
import type { SpaceKind } from '../../api/types.js';
import { SPACE_KINDS } from '../admin/catalog-enums.js';

/** What a search asks for. The URL query uses the API's own parameter names, so a shared link is the API query. */
export interface SearchFilters {
  siteId?: string;
  city?: string;
  kind?: SpaceKind;
  minCapacity?: number;
  /** Every one required (the API's AND). */
  amenities: string[];
  /** Free for the whole range [freeFrom, freeTo), ISO instants: a shared link means the same time in every zone. */
  freeFrom?: string;
  freeTo?: string;
}

const FILTER_KEYS = ['siteId', 'city', 'kind', 'minCapacity', 'amenities', 'freeFrom', 'freeTo'] as const;
/** Longest free-between range the API accepts (MAX_SEARCH_DAYS). */
const MAX_RANGE_MS = 62 * 86_400_000;

export function parseAmenities(text: string | null | undefined): string[] {
  const items = (text ?? '').split(',').map((a) => a.trim()).filter((a) => a.length > 0 && a.length <= 60);
  return [...new Set(items)].slice(0, 20);
}

function isInstant(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * The filters a URL carries. Anything the API would refuse (a hand-edited link) is dropped
 * rather than turned into an error page: the search still runs with the rest.
 */
export function filtersFromQuery(query: URLSearchParams): SearchFilters {
  const filters: SearchFilters = { amenities: parseAmenities(query.get('amenities')) };
  const siteId = query.get('siteId');
  if (siteId && UUID_PATTERN.test(siteId)) filters.siteId = siteId;
  const city = query.get('city')?.trim();
  if (city) filters.city = city.slice(0, 100);
  const kind = query.get('kind');
  if (SPACE_KINDS.includes(kind as SpaceKind)) filters.kind = kind as SpaceKind;
  const minCapacity = Number(query.get('minCapacity'));
  if (Number.isInteger(minCapacity) && minCapacity >= 1 && minCapacity <= 100_000) filters.minCapacity = minCapacity;
  const freeFrom = query.get('freeFrom');
  const freeTo = query.get('freeTo');
  if (isInstant(freeFrom) && isInstant(freeTo)) {
    const span = Date.parse(freeTo) - Date.parse(freeFrom);
    if (span > 0 && span <= MAX_RANGE_MS) Object.assign(filters, { freeFrom, freeTo });
  }
  return filters;
}

/** Every filter key with its value, or null to remove it (the shape useQueryUpdater takes). */
export function filtersToQuery(filters: SearchFilters): Record<(typeof FILTER_KEYS)[number], string | null> {
  return {
    siteId: filters.siteId ?? null,
    city: filters.city ?? null,
    kind: filters.kind ?? null,
    minCapacity: filters.minCapacity !== undefined ? String(filters.minCapacity) : null,
    amenities: filters.amenities.length > 0 ? filters.amenities.join(',') : null,
    freeFrom: filters.freeFrom && filters.freeTo ? filters.freeFrom : null,
    freeTo: filters.freeFrom && filters.freeTo ? filters.freeTo : null,
  };
}

/** The GET /spaces query for the filters and one page. */
export function spacesQuery(filters: SearchFilters, page: { limit: number; offset: number }): Query {
  return { ...filtersToQuery(filters), limit: page.limit, offset: page.offset };
}

/** How many filters are set, for the collapsed filter panel on a phone. */
export function activeFilterCount(filters: SearchFilters): number {
  const set = [filters.siteId, filters.city, filters.kind, filters.minCapacity, filters.freeFrom].filter((v) => v !== undefined);
  return set.length + filters.amenities.length;
}

export function freeRange(filters: SearchFilters): { start: string; end: string } | undefined {
  return filters.freeFrom && filters.freeTo ? { start: filters.freeFrom, end: filters.freeTo } : undefined;
}
