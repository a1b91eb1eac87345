import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from '../../app/router.js';
import { StaticSession, type Session, type SessionUser } from '../../auth/session.js';
import { I18nProvider, type Locale } from '../../i18n/i18n.js';

/** Renders a Me component for a viewer in `timeZone`, in `locale`, with a fixed session. */
export function renderMe(ui: ReactElement, { locale = 'en' as Locale, timeZone = 'Europe/Lisbon' } = {}) {
  const user = { displayName: 'Test', email: 'test@example.org', timeZone, locale, permissions: [] } as unknown as SessionUser;
  const session: Session = { user, can: () => false, signIn: async () => {}, signOut: async () => {}, reloadProfile: async () => {} };
  return render(
    <I18nProvider locale={locale}>
      <MemoryRouter path="/me">
        <StaticSession value={session}>{ui}</StaticSession>
      </MemoryRouter>
    </I18nProvider>,
  );
}
