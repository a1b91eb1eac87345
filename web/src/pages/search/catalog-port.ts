import { api, type Query } from '../../api/client.js';
import type { ResourcePage, Site, SitePage, Space, SpacePage } from '../../api/types.js';

/** What the search, space and site pages read from the catalog; tests hand the pages a fake one. */
export interface CatalogPort {
  listSpaces(query: Query, signal?: AbortSignal): Promise<SpacePage>;
  /** Every site (a handful to a few hundred): the cards take names and addresses from here, not one request each. */
  listSites(signal?: AbortSignal): Promise<Site[]>;
  getSpace(spaceId: string, signal?: AbortSignal): Promise<Space>;
  getSite(siteId: string, signal?: AbortSignal): Promise<Site>;
  /** The site's bookable equipment (projectors, kits) a booking can add. */
  listEquipment(siteId: string, signal?: AbortSignal): Promise<ResourcePage>;
}

const SITES_PER_REQUEST = 200;

async function loadAllSites(): Promise<Site[]> {
  const first = await api.get<SitePage>('/sites', { query: { limit: SITES_PER_REQUEST } });
  const rest = [];
  for (let offset = SITES_PER_REQUEST; offset < first.total; offset += SITES_PER_REQUEST) {
    rest.push(api.get<SitePage>('/sites', { query: { limit: SITES_PER_REQUEST, offset } }));
  }
  return [...first.items, ...(await Promise.all(rest)).flatMap((p) => p.items)];
}

// Sites change rarely; one load per page visit serves every search and back-navigation.
let sites: Promise<Site[]> | undefined;

export const apiCatalog: CatalogPort = {
  listSpaces: (query, signal) => api.get<SpacePage>('/spaces', { query, signal }),
  listSites: () => {
    sites ??= loadAllSites().catch((err) => {
      sites = undefined;
      throw err;
    });
    return sites;
  },
  getSpace: (spaceId, signal) => api.get<Space>(`/spaces/${encodeURIComponent(spaceId)}`, { signal }),
  getSite: (siteId, signal) => api.get<Site>(`/sites/${encodeURIComponent(siteId)}`, { signal }),
  listEquipment: (siteId, signal) => api.get<ResourcePage>('/resources', { query: { siteId, category: 'equipment', limit: 200 }, signal }),
};
