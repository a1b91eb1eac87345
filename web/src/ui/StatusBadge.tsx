import type { BookingStatus } from '../api/types.js';
import { useT } from '../i18n/i18n.js';

/** A booking's status as a coloured label (`.status-<status>` in styles.css). */
export function StatusBadge({ status }: { status: BookingStatus }) {
  const t = useT();
  return <span className={`status status-${status.replace(/_/g, '-')}`}>{t(`bookings.status.${status}`)}</span>;
}
