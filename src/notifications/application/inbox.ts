import type { StoredNotification } from '../domain/notification-data.js';

export interface InboxPageQuery {
  /** Cursor: only ids below this one. */
  before?: number;
  limit: number;
  unreadOnly: boolean;
}

/** What a live feed has not delivered yet: the newest `limit` of them, oldest first. */
export interface InboxCatchUp {
  items: StoredNotification[];
  /** More were missed than `limit`: older ones were left out (the client lists them over HTTP). */
  truncated: boolean;
}

/**
 * A person's in-app notifications (the rows the notifications consumer wrote with in_app).
 * Every method is scoped to one recipient: nobody reaches another person's inbox through it.
 */
export interface Inbox {
  /** Newest first. */
  list(recipientId: string, query: InboxPageQuery): Promise<StoredNotification[]>;
  unreadCount(recipientId: string): Promise<number>;
  /** The notification after marking it (a second mark keeps the first read time); null when the person has none with that id. */
  markRead(recipientId: string, id: number, now: Date): Promise<StoredNotification | null>;
  /** Marks the unread ones with an id up to `upTo` (all when absent); answers how many changed. */
  markAllRead(recipientId: string, upTo: number | undefined, now: Date): Promise<number>;
  /** Ids above `floor` except those in `except` (already delivered), for a live feed. */
  undelivered(recipientId: string, floor: number, except: readonly number[], limit: number): Promise<InboxCatchUp>;
  /** The person's newest in-app notification id, 0 when none. */
  newestId(recipientId: string): Promise<number>;
}

/** A notification as its recipient sees it (HTTP and WebSocket): who it is for goes without saying. */
export type InboxItem = Omit<StoredNotification, 'recipientId'>;

export function inboxItem({ recipientId: _recipient, ...item }: StoredNotification): InboxItem {
  return item;
}
