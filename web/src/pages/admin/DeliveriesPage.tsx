import { api } from '../../api/client.js';
import { Link } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import type { FailedDeliveryPage } from '../../api/types.js';
import { AdminTable } from './AdminTable.js';
import { displayNames } from './admin-api.js';
import { Pager, useOffset } from './Pager.js';
import './admin.css';

const LIMIT = 50;

/** Emails and pushes the server gave up on: whose, which kind, why. */
export default function DeliveriesPage() {
  const t = useT();
  const time = useTime();
  const session = useSession();
  const offset = useOffset();
  const canReadUsers = session.can('users.read');
  const deliveries = useAsync(
    async (signal) => {
      const page = await api.get<FailedDeliveryPage>('/notifications/deliveries/failed', { query: { limit: LIMIT, offset }, signal });
      return { page, names: await displayNames(canReadUsers ? page.items.map((d) => d.recipientId) : [], signal) };
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
              <AdminTable caption={t('admin.deliveries.title')} columns={[t('admin.delivery.failedAt'), t('admin.delivery.channel'), t('admin.delivery.kind'), t('admin.delivery.recipient'), t('admin.delivery.attempts'), t('admin.delivery.error')]}>
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
              </AdminTable>
              <Pager total={page.total} limit={LIMIT} />
            </>
          )
        }
      </Loaded>
    </section>
  );
}
