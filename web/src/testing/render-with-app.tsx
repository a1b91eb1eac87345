// For component tests (never bundled: only specs import it): a component inside the app's
// providers — language, a router at a path and a fixed session — as the app would render it.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, useRoute } from '../app/router.js';
import { hasPermission, StaticSession, type Session, type SessionUser } from '../auth/session.js';
import { I18nProvider, type Locale } from '../i18n/i18n.js';

export interface AppOptions {
  /** Where the router starts (with its query). */
  path?: string;
  locale?: Locale;
  /** The viewer's zone, as their profile gives it. */
  timeZone?: string;
  /** What the viewer may do: these permissions on every site, or `all` of them. */
  permissions?: readonly string[] | 'all';
  /** More of the viewer's profile (id, name, email…). */
  user?: Partial<SessionUser>;
  /** Also shows where the router is (`data-testid="location"`), for tests of what a page writes into the URL. */
  showLocation?: boolean;
}

/** A signed-in viewer (English, in Lisbon, holding nothing unless told) whose session never changes. */
export function testSession({ locale = 'en', timeZone = 'Europe/Lisbon', permissions = [], user }: AppOptions = {}): Session {
  // The profile fields the pages read; the rest of a Profile does not matter to a component.
  const viewer = {
    userId: '10000000-0000-4000-8000-000000000001',
    username: 'test',
    displayName: 'Test',
    email: 'test@example.org',
    locale,
    timeZone,
    permissions: permissions === 'all' ? [] : permissions.map((permission) => ({ permission, siteIds: null })),
    ...user,
  } as SessionUser;
  return {
    user: viewer,
    can: permissions === 'all' ? () => true : (permission, siteId) => hasPermission(viewer, permission, siteId),
    signIn: async () => {},
    signOut: async () => {},
    reloadProfile: async () => {},
  };
}

function Location() {
  const { path, query } = useRoute();
  return <output data-testid="location">{`${path}${query.size ? `?${query}` : ''}`}</output>;
}

/** Renders `ui` as the app would: translated in `locale`, routed at `path`, for the viewer `testSession` makes. */
export function renderWithApp(ui: ReactElement, options: AppOptions = {}): RenderResult {
  const { path = '/', locale = 'en', showLocation = false } = options;
  return render(
    <I18nProvider locale={locale}>
      <MemoryRouter path={path}>
        <StaticSession value={testSession(options)}>
          {ui}
          {showLocation && <Location />}
        </StaticSession>
      </MemoryRouter>
    </I18nProvider>,
  );
}
