// Test data and a harness for the search and space pages' component tests (never bundled: only specs import it).
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { Site, Space, SpacePage } from '../../api/types.js';
import { MemoryRouter, useRoute } from '../../app/router.js';
import { hasPermission, StaticSession, type SessionUser } from '../../auth/session.js';
import { I18nProvider } from '../../i18n/i18n.js';
import type { CatalogPort } from './catalog-port.js';

const weekday = [{ open: 480, close: 1200 }];

export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    name: 'Lisbon HQ',
    address: 'Avenida da Liberdade 110, 1269-046 Lisbon',
    city: 'Lisbon',
    latitude: 38.72,
    longitude: -9.14,
    kind: 'office',
    timeZone: 'Europe/Lisbon',
    revision: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function aSpace(overrides: Partial<Space> = {}): Space {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    siteId: aSite().id,
    timeZone: 'Europe/Lisbon',
    name: 'Alfama',
    kind: 'meeting_room',
    capacity: 6,
    amenities: ['projector', 'whiteboard'],
    photoUrls: ['/media/spaces/alfama.svg'],
    description: 'A room for small meetings.',
    policy: {
      openingHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
      slotMinutes: 15,
      minDurationMinutes: 30,
      maxDurationMinutes: 240,
      maxAdvanceDays: 90,
      bufferMinutes: 10,
      changeDeadlineMinutes: 60,
      approvalRequired: false,
    },
    retired: false,
    revision: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

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

/** Shows where the app is, so a test can read the URL the page wrote. */
function Location() {
  const { path, query } = useRoute();
  return <output data-testid="location">{`${path}${query.size ? `?${query}` : ''}`}</output>;
}

/** Renders a page in English at `path`, for a viewer in `timeZone` holding `permissions` (everywhere). */
export function renderPage(ui: ReactElement, { path = '/', timeZone = 'Europe/Lisbon', permissions = [] as string[] } = {}) {
  const user = { displayName: 'Test', timeZone, locale: 'en', permissions: permissions.map((permission) => ({ permission, siteIds: null })) } as unknown as SessionUser;
  const session = { user, can: (p: string, siteId?: string) => hasPermission(user, p, siteId), signIn: async () => {}, signOut: async () => {}, reloadProfile: async () => {} };
  return render(
    <I18nProvider locale="en">
      <MemoryRouter path={path}>
        <StaticSession value={session}>
          {ui}
          <Location />
        </StaticSession>
      </MemoryRouter>
    </I18nProvider>,
  );
}
