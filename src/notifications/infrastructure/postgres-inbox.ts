import type pg from 'pg';
import type { Inbox, InboxCatchUp, InboxPageQuery } from '../application/inbox.js';
import type { NotificationData, StoredNotification } from '../domain/notification-data.js';
import type { NotificationKind } from '../domain/notification-kinds.js';

interface NotificationRow {
  id: string;
  recipient_id: string;
  kind: string;
  subject_id: string;
  data: NotificationData;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = 'id, recipient_id, kind, subject_id, data, created_at, read_at';
const TABLE = 'notifications.notifications';

/** The inbox over `notifications.notifications`: in-app rows only, always filtered by recipient. */
export class PostgresInbox implements Inbox {
  constructor(private readonly pool: pg.Pool) {}

  async list(recipientId: string, query: InboxPageQuery): Promise<StoredNotification[]> {
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT ${COLUMNS} FROM ${TABLE}
        WHERE recipient_id = $1 AND in_app AND ($2::bigint IS NULL OR id < $2) AND (NOT $3 OR read_at IS NULL)
        ORDER BY id DESC LIMIT $4`,
      [recipientId, query.before ?? null, query.unreadOnly, query.limit],
    );
    return rows.map(toNotification);
  }

  async unreadCount(recipientId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE} WHERE recipient_id = $1 AND in_app AND read_at IS NULL`, [recipientId]);
    return Number(rows[0]!.n);
  }

  async markRead(recipientId: string, id: number, now: Date): Promise<StoredNotification | null> {
    // Only an unread row is written (and signalled); an already read one is answered as it is.
    const { rows } = await this.pool.query<NotificationRow>(
      `WITH marked AS (
         UPDATE ${TABLE} SET read_at = $3 WHERE recipient_id = $1 AND id = $2 AND in_app AND read_at IS NULL RETURNING ${COLUMNS})
       SELECT ${COLUMNS} FROM marked
       UNION ALL
       SELECT ${COLUMNS} FROM ${TABLE} WHERE recipient_id = $1 AND id = $2 AND in_app AND NOT EXISTS (SELECT 1 FROM marked)`,
      [recipientId, id, now],
    );
    return rows[0] ? toNotification(rows[0]) : null;
  }

  async markAllRead(recipientId: string, upTo: number | undefined, now: Date): Promise<number> {
    const result = await this.pool.query(
      `UPDATE ${TABLE} SET read_at = $2 WHERE recipient_id = $1 AND in_app AND read_at IS NULL AND ($3::bigint IS NULL OR id <= $3)`,
      [recipientId, now, upTo ?? null],
    );
    return result.rowCount ?? 0;
  }

  async undelivered(recipientId: string, floor: number, except: readonly number[], limit: number): Promise<InboxCatchUp> {
    const { rows } = await this.pool.query<NotificationRow>(
      `SELECT ${COLUMNS} FROM ${TABLE}
        WHERE recipient_id = $1 AND in_app AND id > $2 AND NOT (id = ANY($3::bigint[]))
        ORDER BY id DESC LIMIT $4`,
      [recipientId, floor, except, limit + 1],
    );
    const truncated = rows.length > limit;
    return { items: rows.slice(0, limit).reverse().map(toNotification), truncated };
  }

  async newestId(recipientId: string): Promise<number> {
    const { rows } = await this.pool.query<{ id: string | null }>(`SELECT max(id) AS id FROM ${TABLE} WHERE recipient_id = $1 AND in_app`, [recipientId]);
    return Number(rows[0]!.id ?? 0);
  }
}

function toNotification(row: NotificationRow): StoredNotification {
  return {
    id: Number(row.id),
    recipientId: row.recipient_id,
    kind: row.kind as NotificationKind,
    subjectId: row.subject_id,
    data: row.data,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at?.toISOString() ?? null,
  };
}
