import { useT, type MessageKey } from '../../i18n/i18n.js';
import { EmptyState } from '../../ui/Loading.js';
import { useTime } from '../../time/use-time.js';
import type { IdentityHistoryEntry } from '../../api/types.js';
import { AdminTable } from './AdminTable.js';

const KNOWN_EVENTS = new Set([
  'UserRegistered', 'UserEmailVerified', 'UserProfileUpdated', 'UserRoleGranted', 'UserRoleRevoked', 'UserTwoFactorEnabled', 'UserTwoFactorDisabled',
  'UserRecoveryCodeUsed', 'UserPasswordResetRequested', 'UserPasswordChanged', 'UserErased', 'UserLoggedIn', 'UserLoginFailed', 'UserLoggedOut', 'UserSessionRevoked',
]);

/** The part of an event's data worth a glance: the role and its sites, how someone signed in, why a session ended. */
function detailOf(entry: IdentityHistoryEntry, siteName: (id: string) => string): string {
  const d = entry.data;
  if (typeof d.role === 'string') return Array.isArray(d.siteIds) ? `${d.role} · ${(d.siteIds as string[]).map(siteName).join(', ')}` : d.role;
  for (const key of ['method', 'reason'] as const) if (typeof d[key] === 'string') return d[key] as string;
  return '';
}

/** A person's account and sign-in events, oldest first as the API gives them. */
export function AccountHistory({ entries, userId, siteName, actorName }: { entries: IdentityHistoryEntry[]; userId: string; siteName(id: string): string; actorName(id: string): string | undefined }) {
  const t = useT();
  const time = useTime();
  if (entries.length === 0) return <EmptyState />;
  return (
    <AdminTable caption={t('admin.history.title')} columns={[t('admin.history.when'), t('admin.history.what'), t('admin.history.details'), t('admin.history.by'), t('admin.history.from')]}>
      {entries.map((e) => (
        <tr key={e.eventId}>
          <td data-label={t('admin.history.when')}>{time.format(e.occurredAt)}</td>
          <td data-label={t('admin.history.what')}>{KNOWN_EVENTS.has(e.type) ? t(`admin.event.${e.type}` as MessageKey) : e.type}</td>
          <td data-label={t('admin.history.details')}>{detailOf(e, siteName)}</td>
          <td data-label={t('admin.history.by')}>
            {e.actor.kind === 'system' ? t('admin.history.system') : e.actor.id === userId ? t('admin.history.themselves') : actorName(e.actor.id) ?? <code title={e.actor.id}>{e.actor.id.slice(0, 8)}</code>}
          </td>
          <td data-label={t('admin.history.from')} className="admin-break">
            {e.request === null ? '' : 'erased' in e.request ? <span className="muted">{t('admin.history.erased')}</span> : [e.request.ip, e.request.userAgent].filter(Boolean).join(' · ')}
          </td>
        </tr>
      ))}
    </AdminTable>
  );
}
