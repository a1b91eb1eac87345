import { useState } from 'react';
import { api } from '../../api/client.js';
import type { CreateResourceRequest, EntityRevision, Resource, ResourcePage, UpdateResourceRequest } from '../../api/types.js';
import { useQueryUpdater, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { Confirmation } from '../../ui/ConfirmDialog.js';
import { Dialog } from '../../ui/Dialog.js';
import { SelectField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { AdminTable } from './AdminTable.js';
import { hasRevision, isListed, loadSites, until } from './admin-api.js';
import { ResourceForm } from './ResourceForm.js';
import { StaleNotice } from './StaleNotice.js';
import { useEditable } from './use-editable.js';
import './admin.css';

/** Edits one resource (loaded fresh, saved with If-Match) or retires it. */
function ResourceEditor({ resourceId, mode, onDone }: { resourceId: string; mode: 'edit' | 'retire'; onDone(): void }) {
  const t = useT();
  const resource = useEditable((signal) => api.get<Resource>(`/resources/${resourceId}`, { signal }), [resourceId]);
  const path = `/resources/${resourceId}`;
  // The list is read again when the dialog closes: wait until it shows the change.
  const written = async (result: Promise<EntityRevision>) => {
    const { id, revision } = await result;
    await until(hasRevision(path, revision));
    return { id, revision };
  };
  const update = async (body: UpdateResourceRequest) => {
    if (await resource.save('edit', (headers) => written(api.patch<EntityRevision>(path, body, { headers })), body)) onDone();
  };
  const retire = useAction(async () => {
    if (await resource.save('retire', (headers) => written(api.post<EntityRevision>(`${path}/retire`, undefined, { headers })))) onDone();
  });
  return (
    <Loaded state={resource}>
      {(r) =>
        mode === 'edit' ? (
          <>
            <StaleNotice show={resource.stale === 'edit'} />
            <ResourceForm key={resource.version} resource={r} onSubmit={update} />
          </>
        ) : (
          <Confirmation
            message={t('admin.resource.retire.confirm', { name: r.name })}
            confirmLabel={t('admin.resource.retire')}
            danger
            disabled={retire.pending}
            problem={retire.error}
            onConfirm={() => void retire.run()}
            onCancel={onDone}
          >
            <StaleNotice show={resource.stale === 'retire'} />
          </Confirmation>
        )
      }
    </Loaded>
  );
}

/** Pooled resources of a site: list, create, edit, retire. */
export default function ResourcesPage() {
  const t = useT();
  const session = useSession();
  const { query } = useRoute();
  const setQuery = useQueryUpdater();
  const sites = useAsync((signal) => loadSites(signal), []);
  const mine = sites.data?.filter((s) => session.can('catalog.manage', s.id)) ?? [];
  const siteId = query.get('siteId') ?? mine[0]?.id;
  const resources = useAsync(
    (signal) => (siteId ? api.get<ResourcePage>('/resources', { query: { siteId, limit: 200 }, signal }) : Promise.resolve(undefined)),
    [siteId],
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ id: string; name: string; mode: 'edit' | 'retire' } | null>(null);
  const [announce, setAnnounce] = useState('');

  const create = async (body: CreateResourceRequest) => {
    const created = await api.post<EntityRevision>('/resources', body);
    await until(isListed('/resources', { siteId: body.siteId, limit: 200 }, created.id));
    setCreating(false);
    setAnnounce(t('admin.resource.created', { name: body.name }));
    resources.reload();
  };
  const done = () => {
    setEditing(null);
    resources.reload();
  };

  return (
    <section className="admin-page">
      <PageHeader title={t('admin.resources.title')}>
        {siteId && !creating && <button type="button" onClick={() => setCreating(true)}>{t('admin.resource.new')}</button>}
      </PageHeader>
      <Loaded state={sites}>
        {() => (
          <div className="admin-filters">
            <SelectField label={t('admin.filter.site')} value={siteId ?? ''} onChange={(e) => setQuery({ siteId: e.target.value })}>
              {mine.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
          </div>
        )}
      </Loaded>
      <p aria-live="polite" className="admin-saved">
        {announce}
      </p>
      {creating && siteId && (
        <section className="card admin-section" aria-labelledby="new-resource">
          <h2 id="new-resource">{t('admin.resource.new')}</h2>
          <ResourceForm siteId={siteId} onSubmit={create} />
          <button type="button" className="ghost" onClick={() => setCreating(false)}>
            {t('app.cancel')}
          </button>
        </section>
      )}
      {siteId && (
        <Loaded state={resources}>
          {(page) =>
            !page || page.items.length === 0 ? (
              <EmptyState />
            ) : (
              <AdminTable caption={t('admin.resources.title')} columns={[t('admin.resource.name'), t('admin.resource.category'), t('admin.resource.quantity'), t('admin.resource.description')]} actions>
                {page.items.map((r) => (
                  <tr key={r.id}>
                    <td data-label={t('admin.resource.name')}>{r.name}</td>
                    <td data-label={t('admin.resource.category')}>{t(`admin.resourceCategory.${r.category}`)}</td>
                    <td data-label={t('admin.resource.quantity')}>{r.quantity}</td>
                    <td data-label={t('admin.resource.description')} className="muted">{r.description}</td>
                    <td className="admin-row-actions">
                      <button type="button" className="secondary" onClick={() => setEditing({ id: r.id, name: r.name, mode: 'edit' })}>
                        {t('app.edit')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                      <button type="button" className="ghost" onClick={() => setEditing({ id: r.id, name: r.name, mode: 'retire' })}>
                        {t('admin.resource.retire')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </AdminTable>
            )
          }
        </Loaded>
      )}
      <Dialog
        open={editing !== null}
        title={editing ? t(editing.mode === 'edit' ? 'admin.resource.editTitle' : 'admin.resource.retireTitle', { name: editing.name }) : ''}
        onClose={() => setEditing(null)}
      >
        {editing && <ResourceEditor resourceId={editing.id} mode={editing.mode} onDone={done} />}
      </Dialog>
    </section>
  );
}
