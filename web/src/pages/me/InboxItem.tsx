import { useId } from 'react';
import type { Notification } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { notificationText } from './notification-text.js';

/** One notification as a sentence in the reader's language, with its link and a "mark read" button while unread. */
export function InboxItem({ notification, onMarkRead, pending }: { notification: Notification; onMarkRead(n: Notification): void; pending?: boolean }) {
  const t = useT();
  const time = useTime();
  const id = useId();
  const { sentence, details, link } = notificationText(notification, t, { range: time.range, format: (i) => time.format(i) });
  const unread = notification.readAt === null;
  return (
    <li data-testid="inbox-item" className={`me-inbox-item${unread ? ' me-unread' : ''}`}>
      <div className="me-inbox-body">
        <p id={id} className="me-inbox-sentence">
          {unread && <span className="me-new">{t('me.inbox.newMark')}</span>} {sentence}
        </p>
        {details.map((d) => (
          <p key={d} className="me-inbox-detail">
            {d}
          </p>
        ))}
        <p className="me-inbox-meta">
          <time dateTime={notification.createdAt}>{time.format(notification.createdAt)}</time>
          {' · '}
          <Link to={link.to} onClick={() => unread && onMarkRead(notification)}>
            {t(link.label)}
          </Link>
        </p>
      </div>
      {unread && (
        <button type="button" className="secondary me-mark" disabled={pending} aria-describedby={id} onClick={() => onMarkRead(notification)}>
          {t('me.inbox.markRead')}
        </button>
      )}
    </li>
  );
}
