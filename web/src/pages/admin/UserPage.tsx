import { useState } from 'react';
import { api, STRONG_READ } from '../../api/client.js';
import type { GrantRoleRequest, IdentityHistory, RoleGrant, RoleList, UserSummary } from '../../api/types.js';
import { Link, useNavigate, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { TextField } from '../../ui/Field.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import { AdminTable } from './AdminTable.js';
import { displayNames, loadSites } from './admin-api.js';
import { AccountHistory } from './AccountHistory.js';
import { GrantRoleForm } from './GrantRoleForm.js';
import { useGrantScope } from './RoleGrants.js';
import './admin.css';

type RoleGrants = { userId: string; roles: RoleGrant[] };

/** Erasing is for good: the person's username must be typed to confirm. */
function EraseAccount({ user }: { user: UserSummary }) {
  const t = useT();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useAction(async () => {
    await api.delete(`/users/${user.userId}`);
    navigate('/admin/users');
  });
  return (
    <section className="card admin-section admin-danger" aria-labelledby="erase-account">
      <h2 id="erase-account">{t('admin.erase.title')}</h2>
      <p>{t('admin.erase.hint')}</p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        {t('admin.erase.open')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('admin.erase.confirmTitle', { name: user.displayName })}
        message={t('admin.erase.confirm')}
        confirmLabel={t('admin.erase.submit')}
        danger
        disabled={typed !== user.username || erase.pending}
        problem={erase.error}
        onConfirm={() => {
          if (typed === user.username) void erase.run();
        }}
        onClose={() => setOpen(false)}
      >
        <TextField label={t('admin.erase.type', { username: user.username })} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} />
      </ConfirmDialog>
    </section>
  );
}

/** A person: summary, role grants (grant, revoke), account history, erasure. */
export default function UserPage() {
  const t = useT();
  const time = useTime();
  const session = useSession();
  const { userId } = useRoute().params as { userId: string };
  const mayManage = session.can('users.manage');
  const user = useAsync((signal) => api.get<UserSummary>(`/users/${userId}`, { headers: STRONG_READ, signal }), [userId]);
  const sites = useAsync((signal) => loadSites(signal), []);
  const roles = useAsync((signal) => api.get<RoleList>('/roles', { signal }), []);
  const history = useAsync(
    async (signal) => {
      const h = await api.get<IdentityHistory>(`/users/${userId}/history`, { headers: STRONG_READ, signal });
      const actors = h.entries.filter((e) => e.actor.kind === 'user' && e.actor.id !== userId).map((e) => e.actor.id);
      return { entries: h.entries, names: await displayNames(actors, signal) };
    },
    [userId],
  );
  const scope = useGrantScope(sites.data ?? []);
  const revoke = useAction(async (role: string) => {
    const result = await api.delete<RoleGrants>(`/users/${userId}/roles/${encodeURIComponent(role)}`);
    user.setData((u) => ({ ...u!, roles: result.roles }));
    history.reload();
  });
  const grant = async (body: GrantRoleRequest) => {
    const result = await api.post<RoleGrants>(`/users/${userId}/roles`, body);
    user.setData((u) => ({ ...u!, roles: result.roles }));
    history.reload();
  };
  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? id;

  return (
    <section className="admin-page">
      <p className="admin-back">
        <Link to="/admin/users">← {t('admin.users.title')}</Link>
      </p>
      <Loaded state={user}>
        {(u) => (
          <>
            <PageHeader title={u.displayName} />
            <dl className="admin-facts card">
              <dt>{t('admin.user.username')}</dt>
              <dd>@{u.username}</dd>
              <dt>{t('admin.user.email')}</dt>
              <dd className="admin-break">
                {u.email} {u.emailVerified ? <span className="status status-confirmed">{t('admin.user.verified')}</span> : <span className="status status-pending">{t('admin.user.unverified')}</span>}
              </dd>
              <dt>{t('admin.user.accountType')}</dt>
              <dd>{t(`admin.accountType.${u.accountType}`)}</dd>
              <dt>{t('admin.user.twoFactor')}</dt>
              <dd>{u.twoFactorEnabled ? t('app.yes') : t('app.no')}</dd>
              <dt>{t('admin.user.registered')}</dt>
              <dd>{time.format(u.registeredAt)}</dd>
            </dl>
            <section className="card admin-section" aria-labelledby="user-roles">
              <h2 id="user-roles">{t('admin.user.roles')}</h2>
              {u.roles.length === 0 ? (
                <p className="muted">{t('admin.user.noRoles')}</p>
              ) : (
                <AdminTable columns={[t('admin.grant.role'), t('admin.grant.where')]} actions={mayManage}>
                  {u.roles.map((g) => (
                    <tr key={g.role}>
                      <td data-label={t('admin.grant.role')}>
                        <strong>{g.role}</strong>
                      </td>
                      <td data-label={t('admin.grant.where')}>{scope(g)}</td>
                      {mayManage && (
                        <td className="admin-row-actions">
                          <button type="button" className="secondary" disabled={revoke.pending} onClick={() => void revoke.run(g.role)}>
                            {t('admin.grant.revoke')}
                            <span className="visually-hidden"> {g.role}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </AdminTable>
              )}
              <ProblemMessage problem={revoke.error} />
              {mayManage && roles.data && sites.data && (
                <div className="admin-subform">
                  <h3>{t('admin.grant.title')}</h3>
                  <GrantRoleForm roles={roles.data.items} sites={sites.data} onGrant={grant} />
                </div>
              )}
            </section>
            <section className="card admin-section" aria-labelledby="user-history">
              <h2 id="user-history">{t('admin.history.title')}</h2>
              <Loaded state={history}>
                {(h) => <AccountHistory entries={h.entries} userId={userId} siteName={siteName} actorName={(id) => h.names.get(id)} />}
              </Loaded>
            </section>
            {mayManage && <EraseAccount user={u} />}
          </>
        )}
      </Loaded>
    </section>
  );
}
