import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../auth/session.js';
import { LOCALES, type Locale } from '../i18n/define-messages.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import { useNotificationStream } from '../live/notification-stream.js';
import type { AppRoute, NavGroup } from './app-route.js';
import { Link, useRoute } from './router.js';
import { appRoutes } from './routes.js';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', pt: 'Português', ru: 'Русский' };

const INLINE_GROUPS: NavGroup[] = ['main', 'me'];
const MANAGE_GROUPS: NavGroup[] = ['staff', 'analytics', 'audit'];
/** Up to this many management pages sit in the bar; more go into the "Manage" menu. */
const MAX_INLINE_MANAGE = 2;

function NavLink({ route }: { route: AppRoute }) {
  const { t } = useI18n();
  const { path } = useRoute();
  const current = path === route.path || (route.path !== '/' && path.startsWith(`${route.path}/`));
  return (
    <li>
      <Link to={route.path} aria-current={current ? 'page' : undefined}>
        {t(route.nav!.label)}
      </Link>
    </li>
  );
}

/** Staff, analytics and audit pages behind one disclosure button, grouped under headings. */
function ManageMenu({ routes }: { routes: AppRoute[] }) {
  const { t } = useI18n();
  const { path } = useRoute();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        ref.current?.querySelector('button')?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
    };
  }, [open]);
  return (
    <li className="nav-manage" ref={ref}>
      <button type="button" className="ghost" aria-expanded={open} aria-controls="nav-manage-menu" onClick={() => setOpen((o) => !o)}>
        {t('app.manage')}
      </button>
      <div id="nav-manage-menu" className="nav-manage-menu" hidden={!open}>
        {MANAGE_GROUPS.map((group) => {
          const items = routes.filter((r) => r.nav!.group === group);
          if (items.length === 0) return null;
          return (
            <section key={group} aria-labelledby={`nav-group-${group}`}>
              <h2 id={`nav-group-${group}`}>{t(`app.group.${group}` as MessageKey)}</h2>
              <ul>
                {items.map((r) => (
                  <NavLink key={r.path} route={r} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </li>
  );
}

function NavLinks() {
  const session = useSession();
  const visible = appRoutes.filter(
    (r) => r.nav && (!r.auth || session.user) && (!r.permissions || r.permissions.some((p) => session.can(p))),
  );
  const manage = visible.filter((r) => MANAGE_GROUPS.includes(r.nav!.group));
  const inline = [...INLINE_GROUPS, ...(manage.length <= MAX_INLINE_MANAGE ? MANAGE_GROUPS : [])];
  return (
    <>
      {inline.flatMap((group) => visible.filter((r) => r.nav!.group === group).map((r) => <NavLink key={r.path} route={r} />))}
      {manage.length > MAX_INLINE_MANAGE && <ManageMenu routes={manage} />}
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
