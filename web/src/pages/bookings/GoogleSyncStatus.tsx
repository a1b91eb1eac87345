import { useI18n } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { useAsync } from '../../ui/use-async.js';
import { bookingApi } from './booking-api.js';

/** How the booking stands in the viewer's Google Calendar; nothing unless they have connected one (or it is not theirs: 404). */
export function GoogleSyncStatus({ bookingId, revision }: { bookingId: string; revision: number }) {
  const { t } = useI18n();
  const time = useTime();
  // Asking the connection first keeps a server without Google (or a person without it) free of 503/404 noise.
  const sync = useAsync(
    async (signal) => ((await bookingApi.googleConnection(signal)).connected ? bookingApi.googleSync(bookingId, signal) : undefined),
    [bookingId, revision],
  );
  if (!sync.data) return null;
  const { status, syncedAt, lastError } = sync.data;
  return (
    <>
      <dt>{t('bookings.detail.google')}</dt>
      <dd data-testid="booking-google-sync">
        {status === 'synced'
          ? syncedAt
            ? t('bookings.google.syncedAt', { time: time.format(syncedAt) })
            : t('bookings.google.synced')
          : t(status === 'pending' ? 'bookings.google.pending' : status === 'failed' ? 'bookings.google.failed' : 'bookings.google.notConnected')}
        {status === 'failed' && lastError && <small className="muted"> ({lastError})</small>}
      </dd>
    </>
  );
}
