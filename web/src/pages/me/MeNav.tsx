import { Link, useRoute } from '../../app/router.js';
import { useT, type MessageKey } from '../../i18n/i18n.js';

const PAGES: { to: string; label: MessageKey; also?: string }[] = [
  { to: '/me', label: 'me.nav.profile' },
  { to: '/me/inbox', label: 'me.nav.inbox' },
  { to: '/me/notifications', label: 'me.nav.notifications' },
  { to: '/me/security', label: 'me.nav.security' },
  { to: '/me/calendar', label: 'me.nav.calendar', also: '/settings/calendar' },
];

/** The Me pages link to each other: one account, five pages. */
export function MeNav() {
  const t = useT();
  const { path } = useRoute();
  return (
    <nav aria-label={t('me.nav.label')} className="me-nav">
      <ul>
        {PAGES.map((p) => (
          <li key={p.to}>
            <Link to={p.to} aria-current={path === p.to || path === p.also ? 'page' : undefined}>
              {t(p.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
