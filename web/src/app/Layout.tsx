import { useEffect, useState, type ReactNode } from 'react';
import { useSession } from '../auth/session.js';
import { LOCALES, type Locale } from '../i18n/define-messages.js';
import { useI18n } from '../i18n/i18n.js';
import { useNotificationStream } from '../live/notification-stream.js';
import type { NavGroup } from './app-route.js';
import { Link, useRoute } from './router.js';
import { appRoutes } from './routes.js';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', pt: 'Português', ru: 'Русский' };
const GROUPS: NavGroup[] = ['main', 'me', 'staff', 'analytics', 'audit'];

function NavLinks() {
  const session = useSession();
  const { t } = useI18n();
  const { path } = useRoute();
  const visible = appRoutes.filter(
    (r) => r.nav && (!r.auth || session.user) && (!r.permissions || r.permissions.some((p) => session.can(p))),
  );
  return (
    <>
      {GROUPS.map((group) =>
        visible
          .filter((r) => r.nav!.group === group)
          .map((r) => (
            <li key={r.path}>
              <Link to={r.path} aria-current={path === r.path || (r.path !== '/' && path.startsWith(`${r.path}/`)) ? 'page' : undefined}>
                {t(r.nav!.label)}
              </Link>
            </li>
          )),
      )}
    </>
  );
}

function UnreadBadge() {
  const { unread } = useNotificationStream();
  const { t } = useI18n();
  if (!unread) return null;
  return (
    <Link to="/me/inbox" className="badge" aria-label={t('app.unread', { count: unread })}>
      {unread > 99 ? '99+' : unread}
    </Link>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const session = useSession();
  const { t, locale, setLocale } = useI18n();
  const { path } = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [path]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <button type="button" className="menu-toggle ghost" aria-expanded={menuOpen} aria-controls="app-nav" onClick={() => setMenuOpen((o) => !o)}>
          {t('app.menu')}
        </button>
        <nav id="app-nav" aria-label={t('app.mainNav')} className={menuOpen ? 'open' : undefined}>
          <ul>
            <NavLinks />
          </ul>
        </nav>
        <div className="header-tools">
          <label className="locale">
            <span className="visually-hidden">{t('app.language')}</span>
            <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LANGUAGE_NAMES[l]}
                </option>
              ))}
            </select>
          </label>
          {session.user ? (
            <>
              <UnreadBadge />
              <Link to="/me" className="who">
                {session.user.displayName}
              </Link>
              <button type="button" className="ghost" onClick={() => void session.signOut()}>
                {t('app.signOut')}
              </button>
            </>
          ) : session.user === null ? (
            <>
              <Link to="/sign-in">{t('app.signIn')}</Link>
              <Link to="/register" className="button">
                {t('app.register')}
              </Link>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
