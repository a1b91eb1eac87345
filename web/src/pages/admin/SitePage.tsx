import { useState } from 'react';
import { api } from '../../api/client.js';
import type { CreateSpaceRequest, EntityRevision, Site, SpacePage, UpdateSiteRequest } from '../../api/types.js';
import { Link, useNavigate, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { AdminTable } from './AdminTable.js';
import { isListed, until } from './admin-api.js';
import { SiteForm } from './SiteForm.js';
import { SpaceForm } from './SpaceForm.js';
import { StaleNotice } from './StaleNotice.js';
import { useEditable } from './use-editable.js';
import './admin.css';

/** One site: its details, its spaces and a new space. */
export default function SitePage() {
  const t = useT();
  const navigate = useNavigate();
  const { siteId } = useRoute().params as { siteId: string };
  const site = useEditable((signal) => api.get<Site>(`/sites/${siteId}`, { signal }), [siteId]);
  const spaces = useAsync((signal) => api.get<SpacePage>('/spaces', { query: { siteId, limit: 200 }, signal }), [siteId]);
  const [creating, setCreating] = useState(false);
  const known = [...new Set(spaces.data?.items.flatMap((s) => s.amenities) ?? [])].sort();

  const update = (body: UpdateSiteRequest) => site.save('site', (headers) => api.patch<EntityRevision>(`/sites/${siteId}`, body, { headers }), body);
  const createSpace = async (body: CreateSpaceRequest) => {
    const created = await api.post<EntityRevision>('/spaces', body);
    await until(isListed('/spaces', { siteId, limit: 200 }, created.id));
    navigate(`/staff/spaces/${created.id}`);
  };

  return (
    <section className="admin-page">
      <p className="admin-back">
        <Link to="/staff/sites">← {t('admin.sites.title')}</Link>
      </p>
      <Loaded state={site} title={t('spaces.site')}>
        {(s) => (
          <>
            <PageHeader title={s.name} />
            <section className="card admin-section" aria-labelledby="site-details">
              <h2 id="site-details">{t('admin.site.details')}</h2>
              <StaleNotice show={site.stale === 'site'} />
              <SiteForm key={site.version} site={s} onSubmit={update} />
            </section>
          </>
        )}
      </Loaded>
      <section className="card admin-section" aria-labelledby="site-spaces">
        <div className="admin-section-head">
          <h2 id="site-spaces">{t('admin.site.spaces')}</h2>
          {!creating && (
            <button type="button" onClick={() => setCreating(true)}>
              {t('admin.space.new')}
            </button>
          )}
        </div>
        {creating && (
          <div className="admin-subform">
            <h3>{t('admin.space.new')}</h3>
            <p className="field-hint">{t('admin.space.new.hint')}</p>
            <SpaceForm siteId={siteId} known={known} onSubmit={createSpace} />
            <button type="button" className="ghost" onClick={() => setCreating(false)}>
              {t('app.cancel')}
            </button>
          </div>
        )}
        <Loaded state={spaces}>
          {(page) =>
            page.items.length === 0 ? (
              <EmptyState />
            ) : (
              <AdminTable columns={[t('admin.space.name'), t('admin.space.kind'), t('admin.space.capacity'), t('admin.space.approval')]}>
                {page.items.map((sp) => (
                  <tr key={sp.id}>
                    <td data-label={t('admin.space.name')}>
                      <Link to={`/staff/spaces/${sp.id}`}>{sp.name}</Link>
                    </td>
                    <td data-label={t('admin.space.kind')}>{t(`admin.spaceKind.${sp.kind}`)}</td>
                    <td data-label={t('admin.space.capacity')}>{sp.capacity}</td>
                    <td data-label={t('admin.space.approval')}>{sp.policy.approvalRequired ? t('app.yes') : t('app.no')}</td>
                  </tr>
                ))}
              </AdminTable>
            )
          }
        </Loaded>
        <p>
          <Link to={`/staff/resources?siteId=${siteId}`}>{t('admin.site.resourcesLink')}</Link> · <Link to={`/staff/blackouts?siteId=${siteId}`}>{t('admin.site.blackoutsLink')}</Link>
        </p>
      </section>
    </section>
  );
}
