import type { IdentityServices } from '../../identity/application/identity-services.js';
import type { Profile } from '../../identity/application/profiles.js';
import { inboxItem, type Inbox } from '../../notifications/application/inbox.js';
import { effectivePreferences, kindRules, preferencesToStore } from '../../notifications/application/inbox-preferences.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import {
  ListNotificationsQuery,
  MarkAllReadRequest,
  MarkedRead,
  Notification,
  NotificationIdParams,
  NotificationPage,
  NotificationPreferencesChange,
  NotificationPreferencesView,
  UnreadCount,
} from '../contracts/notifications.contracts.js';
import { API_PREFIX } from './route-deps.js';

const tags = ['notifications'];
const BASE = `${API_PREFIX}/notifications`;

const STREAM_DESCRIPTION = `Newest first; page with \`before\` = the previous page's \`nextBefore\`.

Live updates: open a WebSocket to \`${BASE}/stream\` and send, within 5 s, \`{"type":"auth","accessToken":"<access token>","after":<highest id you have>}\`
(never put the token in the URL). The server answers \`{"type":"ready","unread":n}\`, then every notification with an id above \`after\`,
oldest first, as \`{"type":"notification","notification":{…}}\` (more than 500: the newest 500, then \`{"type":"gap","before":<id>}\` — list the older ones here),
then live \`notification\` messages and \`{"type":"unread","count":n}\` when notifications are marked read. Close codes: 4400 bad first message,
4401 missing/invalid/expired token or ended session (refresh, reconnect with \`after\`), 4429 too many connections (oldest closed), 1001 server shutting down.`;

function preferencesView(profile: Profile) {
  return { preferences: effectivePreferences(profile.notificationPreferences), notificationSettings: profile.notificationSettings, ...kindRules() };
}

/** The signed-in person's inbox and notification preferences; nobody reaches anyone else's. */
export function notificationRoutes(inbox: Inbox, identity: IdentityServices): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: BASE,
      operationId: 'listNotifications',
      summary: 'Your in-app notifications',
      description: STREAM_DESCRIPTION,
      tags,
      access: 'authenticated',
      query: ListNotificationsQuery,
      success: { status: 200, description: 'A page of your notifications, newest first.', schema: NotificationPage },
      errors: [],
      handle: async ({ principal, query }) => {
        const rows = await inbox.list(principal.userId, { before: query.before, limit: query.limit + 1, unreadOnly: query.unread });
        const items = rows.slice(0, query.limit).map(inboxItem);
        return { body: { items, nextBefore: rows.length > query.limit ? items[items.length - 1]!.id : null } };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/unread-count`,
      operationId: 'countUnreadNotifications',
      summary: 'How many of your notifications are unread',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'The count.', schema: UnreadCount },
      errors: [],
      handle: async ({ principal }) => ({ body: { unread: await inbox.unreadCount(principal.userId) } }),
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/{notificationId}/read`,
      operationId: 'markNotificationRead',
      summary: 'Mark one of your notifications read',
      description: 'Marking it again keeps the first read time. Another person\'s notification answers 404, like a missing one.',
      tags,
      access: 'authenticated',
      params: NotificationIdParams,
      success: { status: 200, description: 'The notification, read.', schema: Notification },
      errors: [404],
      handle: async ({ principal, params, ctx }) => {
        const notification = await inbox.markRead(principal.userId, params.notificationId, ctx.now);
        if (!notification) throw new NotFoundError('notification', String(params.notificationId));
        return { body: inboxItem(notification) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${BASE}/read-all`,
      operationId: 'markAllNotificationsRead',
      summary: 'Mark your notifications read, up to the newest you have shown',
      description: 'Send `upTo` (the newest id on screen) so notifications that arrived meanwhile stay unread; the body may be left out to mark all.',
      tags,
      access: 'authenticated',
      body: MarkAllReadRequest,
      success: { status: 200, description: 'How many were marked, and how many are still unread.', schema: MarkedRead },
      errors: [],
      handle: async ({ principal, body, ctx }) => {
        const marked = await inbox.markAllRead(principal.userId, body.upTo, ctx.now);
        return { body: { marked, unread: await inbox.unreadCount(principal.userId) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${BASE}/preferences`,
      operationId: 'getNotificationPreferences',
      summary: 'Your notification preferences: every kind × channel, quiet hours, reminder lead time',
      description: 'Your choices merged onto the defaults, plus which kinds ignore quiet hours and which channels are always on. The ETag is your profile revision (as on GET /api/v1/users/me).',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'Your effective preferences.', schema: NotificationPreferencesView, etag: true },
      errors: [],
      handle: async ({ principal }) => {
        const profile = await identity.profiles.get(principal.userId);
        return { body: preferencesView(profile), revision: profile.revision };
      },
    }),
    defineRoute({
      method: 'put',
      path: `${BASE}/preferences`,
      operationId: 'replaceNotificationPreferences',
      summary: 'Replace your notification preferences',
      description:
        'Send what GET answered, changed. The profile keeps only the choices that differ from the defaults (so later changes of a default reach cells you never set); cells left out take the default. A change is an event on your account (UserProfileUpdated). With If-Match, a stale ETag answers 412.',
      tags,
      access: 'authenticated',
      body: NotificationPreferencesChange,
      ifMatch: true,
      success: { status: 200, description: 'Your effective preferences after the change.', schema: NotificationPreferencesView, etag: true },
      errors: [],
      handle: async ({ principal, body, expectedRevision, ctx }) => {
        const change = { notificationPreferences: preferencesToStore(body.preferences), notificationSettings: body.notificationSettings };
        const profile = await identity.profiles.update(principal.userId, change, expectedRevision, ctx);
        return { body: preferencesView(profile), revision: profile.revision };
      },
    }),
  ];
}
