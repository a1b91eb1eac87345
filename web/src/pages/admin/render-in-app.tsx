// For the area's component tests: a component inside the app's providers, with a fixed session.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from '../../app/router.js';
import { StaticSession, type Session, type SessionUser } from '../../auth/session.js';
import { I18nProvider } from '../../i18n/i18n.js';

/** A viewer in Lisbon holding every permission everywhere. */
export const ADMIN_SESSION: Session = {
  user: { userId: 'u-admin', displayName: 'Ana', timeZone: 'Europe/Lisbon', locale: 'en', permissions: [] } as unknown as SessionUser,
  can: () => true,
  signIn: async () => undefined,
  signOut: async () => undefined,
  reloadProfile: async () => undefined,
};

export function renderInApp(ui: ReactElement, session: Session = ADMIN_SESSION): RenderResult {
  return render(
    <I18nProvider locale="en">
      <MemoryRouter>
        <StaticSession value={session}>{ui}</StaticSession>
      </MemoryRouter>
    </I18nProvider>,
  );
}
