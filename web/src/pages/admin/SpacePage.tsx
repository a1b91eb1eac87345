import { useState } from 'react';
import { api } from '../../api/client.js';
import type { EntityRevision, Site, Space, UpdateSpaceRequest } from '../../api/types.js';
import { Link, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import { PolicyEditor } from './PolicyEditor.js';
import { SpaceForm } from './SpaceForm.js';
import { StaleNotice } from './StaleNotice.js';
import { useEditable } from './use-editable.js';
import './admin.css';

/** One space: details, booking policy (each saved with If-Match) and retiring it. */
export default function SpacePage() {
  const t = useT();
  const time = useTime();
  const { spaceId } = useRoute().params as { spaceId: string };
  const space = useEditable((signal) => api.get<Space>(`/spaces/${spaceId}`, { signal }), [spaceId]);
  const siteId = space.data?.siteId;
  const site = useAsync((signal) => (siteId ? api.get<Site>(`/sites/${siteId}`, { signal }) : Promise.resolve(undefined)), [siteId]);
  const [confirmRetire, setConfirmRetire] = useState(false);

  const update = (section: string) => (body: UpdateSpaceRequest) => space.save(section, (headers) => api.patch<EntityRevision>(`/spaces/${spaceId}`, body, { headers }), body as Partial<Space>);
  const retire = useAction(async () => {
    await space.save('retire', (headers) => api.post<EntityRevision>(`/spaces/${spaceId}/retire`, undefined, { headers }), { retired: true });
    setConfirmRetire(false);
  });

  return (
    <section className="admin-page">
      <Loaded state={space} title={t('spaces.space')}>
        {(s) => (
          <>
            <p className="admin-back">
              <Link to={`/staff/sites/${s.siteId}`}>← {site.data?.name ?? t('admin.sites.title')}</Link>
            </p>
            <PageHeader title={s.name} />
            <p className="muted">
              {t(`admin.spaceKind.${s.kind}`)} · {t('admin.space.seats', { count: s.capacity })} · {t('admin.space.zone', { zone: time.zoneLabel(s.timeZone) })}
            </p>
            {s.retired && <p className="warning">{t('admin.space.retired')}</p>}
            <section className="card admin-section" aria-labelledby="space-details">
              <h2 id="space-details">{t('admin.space.details')}</h2>
              <StaleNotice show={space.stale === 'details'} />
              <SpaceForm key={space.version} space={s} known={s.amenities} onSubmit={update('details')} />
            </section>
            <section className="card admin-section" aria-labelledby="space-policy">
              <h2 id="space-policy">{t('admin.policy.title')}</h2>
              <p className="field-hint">{t('admin.policy.intro', { zone: time.zoneLabel(s.timeZone) })}</p>
              <StaleNotice show={space.stale === 'policy'} />
              <PolicyEditor key={space.version} policy={s.policy} onSave={update('policy')} />
            </section>
            {!s.retired && (
              <section className="card admin-section admin-danger" aria-labelledby="space-retire">
                <h2 id="space-retire">{t('admin.space.retire')}</h2>
                <p>{t('admin.space.retire.hint')}</p>
                <StaleNotice show={space.stale === 'retire'} />
                <button type="button" className="danger" onClick={() => setConfirmRetire(true)}>
                  {t('admin.space.retire')}
                </button>
              </section>
            )}
            <ConfirmDialog
              open={confirmRetire}
              title={t('admin.space.retire.confirmTitle', { name: s.name })}
              message={t('admin.space.retire.confirm')}
              confirmLabel={t('admin.space.retire')}
              danger
              disabled={retire.pending}
              problem={retire.error}
              onConfirm={() => void retire.run()}
              onClose={() => setConfirmRetire(false)}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}
