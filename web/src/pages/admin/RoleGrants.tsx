import type { RoleGrant, Site } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

/** Where a grant applies, in words: everywhere, or the sites by name. */
export function useGrantScope(sites: Site[]): (grant: RoleGrant) => string {
  const t = useT();
  return (grant) =>
    grant.siteIds === null ? t('admin.grant.everywhere') : grant.siteIds.map((id) => sites.find((s) => s.id === id)?.name ?? id).join(', ') || t('admin.grant.noSites');
}

/** A person's roles as compact chips with their site scope. */
export function RoleGrants({ grants, sites }: { grants: RoleGrant[]; sites: Site[] }) {
  const t = useT();
  const scope = useGrantScope(sites);
  if (grants.length === 0) return <span className="muted">{t('admin.user.noRoles')}</span>;
  return (
    <ul className="admin-chips">
      {grants.map((g) => (
        <li key={g.role} className="admin-chip">
          <strong>{g.role}</strong>
          {g.siteIds !== null && <span> · {scope(g)}</span>}
        </li>
      ))}
    </ul>
  );
}
