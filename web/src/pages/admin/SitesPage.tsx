import { useState } from 'react';
import { api } from '../../api/client.js';
import type { EntityRevision, RegisterSiteRequest } from '../../api/types.js';
import { Link, useNavigate } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import { AdminTable } from './AdminTable.js';
import { holdsEverywhere, isListed, loadSites, until } from './admin-api.js';
import { SiteForm } from './SiteForm.js';
import './admin.css';

/** The sites the person manages, and registering a new one (for who manages every site). */
export default function SitesPage() {
  const t = useT();
  const time = useTime();
  const session = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const sites = useAsync((signal) => loadSites(signal), []);
  const mayRegister = holdsEverywhere(session.user, 'catalog.manage');
  const register = async (body: RegisterSiteRequest) => {
    const created = await api.post<EntityRevision>('/sites', body);
    await until(isListed('/sites', { limit: 200 }, created.id));
    navigate(`/staff/sites/${created.id}`);
  };
  return (
    <section className="admin-page">
      <PageHeader title={t('admin.sites.title')}>
        {mayRegister && !creating && <button type="button" onClick={() => setCreating(true)}>{t('admin.sites.new')}</button>}
      </PageHeader>
      {creating && (
        <section className="card admin-section" aria-labelledby="new-site">
          <h2 id="new-site">{t('admin.sites.new')}</h2>
          <SiteForm onSubmit={register} />
          <button type="button" className="ghost" onClick={() => setCreating(false)}>
            {t('app.cancel')}
          </button>
        </section>
      )}
      <Loaded state={sites}>
        {(all) => {
          const mine = all.filter((s) => session.can('catalog.manage', s.id));
          if (mine.length === 0) return <EmptyState />;
          return (
            <AdminTable caption={t('admin.sites.title')} columns={[t('admin.site.name'), t('admin.site.kind'), t('admin.site.city'), t('admin.site.timeZone')]}>
              {mine.map((s) => (
                <tr key={s.id}>
                  <td data-label={t('admin.site.name')}>
                    <Link to={`/staff/sites/${s.id}`}>{s.name}</Link>
                  </td>
                  <td data-label={t('admin.site.kind')}>{t(`admin.siteKind.${s.kind}`)}</td>
                  <td data-label={t('admin.site.city')}>{s.city}</td>
                  <td data-label={t('admin.site.timeZone')}>{time.zoneLabel(s.timeZone)}</td>
                </tr>
              ))}
            </AdminTable>
          );
        }}
      </Loaded>
    </section>
  );
}
