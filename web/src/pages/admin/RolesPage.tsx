import { useState } from 'react';
import { api, STRONG_READ } from '../../api/client.js';
import type { NewRoleRequest, PermissionList, RoleChangeRequest, RoleDefinition, RoleList } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { Confirmation } from '../../ui/ConfirmDialog.js';
import { Dialog } from '../../ui/Dialog.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction, useAsync } from '../../ui/use-async.js';

import { permissionText } from './permission-text.js';
import { RoleEditor } from './RoleEditor.js';
import { StaleNotice } from './StaleNotice.js';
import { useEditable } from './use-editable.js';
import './admin.css';

type Open = { mode: 'new' } | { mode: 'edit' | 'delete'; name: string } | null;

/** Changes a custom role read fresh from the log, with If-Match of its revision. */
function EditRole({ name, permissions, onDone }: { name: string; permissions: string[]; onDone(): void }) {
  const role = useEditable((signal) => api.get<RoleDefinition>(`/roles/${name}`, { signal }), [name]);
  const save = async (body: RoleChangeRequest) => {
    const written = await role.save('edit', async (headers) => {
      const changed = await api.patch<RoleDefinition>(`/roles/${name}`, body, { headers });
      return { id: changed.name, revision: changed.revision ?? 0 };
    });
    if (written) onDone();
  };
  return (
    <Loaded state={role}>
      {(r) => (
        <>
          <StaleNotice show={role.stale === 'edit'} />
          <RoleEditor key={role.version} role={r} permissions={permissions} onSave={save} />
        </>
      )}
    </Loaded>
  );
}

function DeleteRole({ name, onDone, onCancel }: { name: string; onDone(): void; onCancel(): void }) {
  const t = useT();
  const action = useAction(async () => {
    await api.delete(`/roles/${name}`);
    onDone();
  });
  return (
    <Confirmation
      message={t('admin.role.delete.confirm', { name })}
      confirmLabel={t('app.delete')}
      danger
      disabled={action.pending}
      problem={action.error}
      onConfirm={() => void action.run()}
      onCancel={onCancel}
    />
  );
}

/** Built-in roles (read-only) and custom roles (create, change, delete). */
export default function RolesPage() {
  const t = useT();
  const session = useSession();
  const mayManage = session.can('roles.manage');
  const roles = useAsync((signal) => api.get<RoleList>('/roles', { headers: STRONG_READ, signal }), []);
  const catalogue = useAsync((signal) => api.get<PermissionList>('/permissions', { signal }), []);
  const [open, setOpen] = useState<Open>(null);
  const [announce, setAnnounce] = useState('');
  const done = (message: string) => {
    setOpen(null);
    setAnnounce(message);
    roles.reload();
  };
  const create = async (body: NewRoleRequest) => {
    await api.post<RoleDefinition>('/roles', body);
    done(t('admin.role.created', { name: body.name }));
  };
  const title =
    open?.mode === 'new' ? t('admin.role.new') : open?.mode === 'edit' ? t('admin.role.editTitle', { name: open.name }) : open ? t('admin.role.deleteTitle', { name: open.name }) : '';

  return (
    <section className="admin-page">
      <PageHeader title={t('admin.roles.title')}>
        {mayManage && catalogue.data && <button type="button" onClick={() => setOpen({ mode: 'new' })}>{t('admin.role.new')}</button>}
      </PageHeader>
      <p aria-live="polite" className="admin-saved">
        {announce}
      </p>
      <Loaded state={roles}>
        {(list) => (
          <ul className="admin-roles">
            {list.items.map((r) => (
              <li key={r.name} className="card admin-role">
                <div className="admin-section-head">
                  <h2 className="admin-role-name">
                    {r.name} <span className={`status${r.builtIn ? '' : ' admin-status-custom'}`}>{r.builtIn ? t('admin.role.builtIn') : t('admin.role.custom')}</span>
                  </h2>
                  {mayManage && !r.builtIn && (
                    <div className="admin-row-actions">
                      <button type="button" className="secondary" disabled={!catalogue.data} onClick={() => setOpen({ mode: 'edit', name: r.name })}>
                        {t('app.edit')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                      <button type="button" className="ghost" onClick={() => setOpen({ mode: 'delete', name: r.name })}>
                        {t('app.delete')}
                        <span className="visually-hidden"> {r.name}</span>
                      </button>
                    </div>
                  )}
                </div>
                {r.description && <p>{r.description}</p>}
                <details>
                  <summary>{t('admin.role.permissionCount', { count: r.permissions.length })}</summary>
                  <ul className="admin-permission-list">
                    {r.permissions.map((p) => (
                      <li key={p}>
                        <code>{p}</code> <span className="muted">{permissionText(t, p)}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <Dialog open={open !== null} title={title} onClose={() => setOpen(null)}>
        {open?.mode === 'new' && catalogue.data && <RoleEditor permissions={catalogue.data.items} onSave={create} />}
        {open?.mode === 'edit' && catalogue.data && <EditRole name={open.name} permissions={catalogue.data.items} onDone={() => done(t('admin.role.saved', { name: open.name }))} />}
        {open?.mode === 'delete' && <DeleteRole name={open.name} onCancel={() => setOpen(null)} onDone={() => done(t('admin.role.deleted', { name: open.name }))} />}
      </Dialog>
    </section>
  );
}
