import { useState, type FormEvent } from 'react';
import { api, STRONG_READ } from '../../api/client.js';
import type { RoleList, UserPage } from '../../api/types.js';
import { Link, useQueryUpdater, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import { AdminTable } from './AdminTable.js';
import { loadSites } from './admin-api.js';
import { Pager, useOffset } from './Pager.js';
import { RoleGrants } from './RoleGrants.js';
import './admin.css';

const LIMIT = 50;

/** People by name, email or role, newest first. */
export default function UsersPage() {
  const t = useT();
  const time = useTime();
  const { query } = useRoute();
  const setQuery = useQueryUpdater();
  const q = query.get('q') ?? '';
  const role = query.get('role') ?? '';
  const offset = useOffset();
  const [draft, setDraft] = useState(q);
  const roles = useAsync((signal) => api.get<RoleList>('/roles', { signal }), []);
  const sites = useAsync((signal) => loadSites(signal), []);
  const users = useAsync((signal) => api.get<UserPage>('/users', { query: { q, role, limit: LIMIT, offset }, headers: STRONG_READ, signal }), [q, role, offset]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ q: draft.trim(), offset: null });
  };
  return (
    <section className="admin-page">
      <PageHeader title={t('admin.users.title')} />
      <form className="admin-filters" role="search" onSubmit={search}>
        <TextField label={t('admin.users.q')} type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <SelectField label={t('admin.users.role')} value={role} onChange={(e) => setQuery({ role: e.target.value, offset: null })}>
          <option value="">{t('admin.filter.any')}</option>
          {roles.data?.items.map((r) => (
            <option key={r.name} value={r.name}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <div className="admin-filter-submit">
          <button type="submit">{t('app.search')}</button>
        </div>
      </form>
      <Loaded state={users}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState>{t('admin.users.none')}</EmptyState>
          ) : (
            <>
              <p className="muted" aria-live="polite">
                {t('admin.users.count', { count: page.total })}
              </p>
              <AdminTable caption={t('admin.users.title')} columns={[t('admin.user.name'), t('admin.user.email'), t('admin.user.roles'), t('admin.user.registered')]}>
                {page.items.map((u) => (
                  <tr key={u.userId}>
                    <td data-label={t('admin.user.name')}>
                      <div>
                        <Link to={`/admin/users/${u.userId}`}>{u.displayName}</Link>
                        <div className="muted">@{u.username}</div>
                      </div>
                    </td>
                    <td data-label={t('admin.user.email')} className="admin-break">{u.email}</td>
                    <td data-label={t('admin.user.roles')}>
                      <RoleGrants grants={u.roles} sites={sites.data ?? []} />
                    </td>
                    <td data-label={t('admin.user.registered')}>{time.format(u.registeredAt, 'date')}</td>
                  </tr>
                ))}
              </AdminTable>
              <Pager total={page.total} limit={LIMIT} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}
