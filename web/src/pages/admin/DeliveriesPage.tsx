import { api } from '../../api/client.js';
import { Link, useQueryUpdater, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import type { UserSummary } from '../../api/types.js';
import type { FailedDeliveryPage } from './admin-types.js';
import { Pager } from './Pager.js';
import './admin.css';

const LIMIT = 50;

/** Emails and pushes the server gave up on: whose, which kind, why. */
export default function DeliveriesPage() {
  const t = useT();
  const time = useTime();
  const session = useSession();
  const { query } = useRoute();
  const setQuery = useQueryUpdater();
  const offset = Number(query.get('offset') ?? 0);
  const canReadUsers = session.can('users.read');
  const deliveries = useAsync(
    async (signal) => {
      const page = await api.get<FailedDeliveryPage>('/notifications/deliveries/failed', { query: { limit: LIMIT, offset }, signal });
      const recipients = canReadUsers ? [...new Set(page.items.map((d) => d.recipientId))] : [];
      const people = await Promise.all(recipients.map((id) => api.get<UserSummary>(`/users/${id}`, { signal }).catch(() => undefined)));
      return { page, names: new Map(people.filter((p): p is UserSummary => !!p).map((p) => [p.userId, p.displayName])) };
    },
    [offset, canReadUsers],
  );
  return (
    <section className="admin-page">
      <PageHeader title={t('admin.deliveries.title')}>
        <button type="button" className="secondary" onClick={deliveries.reload} disabled={deliveries.loading}>
          {t('admin.refresh')}
        </button>
      </PageHeader>
      <p className="muted">{t('admin.deliveries.intro')}</p>
      <Loaded state={deliveries}>
        {({ page, names }) =>
          page.items.length === 0 ? (
            <EmptyState>{t('admin.deliveries.none')}</EmptyState>
          ) : (
            <>
              <div className="table-scroll">
                <table className="admin-table">
                  <caption className="visually-hidden">{t('admin.deliveries.title')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.delivery.failedAt')}</th>
                      <th scope="col">{t('admin.delivery.channel')}</th>
                      <th scope="col">{t('admin.delivery.kind')}</th>
                      <th scope="col">{t('admin.delivery.recipient')}</th>
                      <th scope="col">{t('admin.delivery.attempts')}</th>
                      <th scope="col">{t('admin.delivery.error')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((d) => (
                      <tr key={`${d.notificationId}:${d.channel}`}>
                        <td data-label={t('admin.delivery.failedAt')}>{time.format(d.failedAt)}</td>
                        <td data-label={t('admin.delivery.channel')}>{t(`admin.channel.${d.channel}`)}</td>
                        <td data-label={t('admin.delivery.kind')}>
                          <code>{d.kind}</code>
                        </td>
                        <td data-label={t('admin.delivery.recipient')}>
                          {canReadUsers ? <Link to={`/admin/users/${d.recipientId}`}>{names.get(d.recipientId) ?? d.recipientId}</Link> : <code className="admin-break">{d.recipientId}</code>}
                        </td>
                        <td data-label={t('admin.delivery.attempts')}>{d.attempts}</td>
                        <td data-label={t('admin.delivery.error')} className="admin-break">{d.error}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={page.total} limit={LIMIT} offset={offset} onOffset={(o) => setQuery({ offset: o ? String(o) : null })} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}
