// A CatalogPort over fixed data for the search, space and site pages' component tests (never bundled: only specs import it).
import type { Site, Space, SpacePage } from '../../api/types.js';
import { aSite, aSpace } from '../../testing/fixtures.js';
import type { CatalogPort } from './catalog-port.js';

/** A catalog over fixed data that records every GET /spaces query; `listSpaces` pages like the API (no filtering). */
export function fakeCatalog(data: { sites?: Site[]; spaces?: Space[]; equipment?: CatalogPort['listEquipment'] } = {}) {
  const sites = data.sites ?? [aSite()];
  const spaces = data.spaces ?? [aSpace()];
  const calls = { listSpaces: [] as Array<Record<string, unknown>>, listSites: 0 };
  const catalog: CatalogPort = {
    listSpaces: async (query): Promise<SpacePage> => {
      calls.listSpaces.push(query);
      const limit = Number(query.limit);
      const offset = Number(query.offset);
      return { items: spaces.slice(offset, offset + limit), total: spaces.length, limit, offset };
    },
    listSites: async () => {
      calls.listSites++;
      return sites;
    },
    getSpace: async (id) => spaces.find((s) => s.id === id) ?? Promise.reject(new Error(`no space ${id}`)),
    getSite: async (id) => sites.find((s) => s.id === id) ?? Promise.reject(new Error(`no site ${id}`)),
    listEquipment: data.equipment ?? (async () => ({ items: [], total: 0, limit: 200, offset: 0 })),
  };
  return { catalog, calls };
}
