import { api, ifMatch, type ApiClient } from '../../api/client.js';
import type {
  CalendarFeedStatus,
  CalendarFeedUrl,
  GoogleAuthorization,
  GoogleConnectionStatus,
  GoogleDisconnection,
  MarkedRead,
  Notification,
  NotificationPage,
  NotificationPreferencesChange,
  NotificationPreferencesView,
  Profile,
  ProfileChange,
  PushPublicKey,
  PushSubscriptionRequest,
  RecoveryCodes,
  TwoFactorSetup,
} from '../../api/types.js';

/** Preferences with the ETag they were read at (the profile revision), for If-Match. */
export interface VersionedPreferences {
  view: NotificationPreferencesView;
  etag: string;
}

/**
 * Every call the Me pages make, on one client. The pages use the app's client; the e2e test runs
 * these very functions against a real server, and component tests hand a fake of a few of them.
 */
export function meApi(client: ApiClient = api) {
  const versioned = async (method: 'GET' | 'PUT', body?: NotificationPreferencesChange, etag?: string): Promise<VersionedPreferences> => {
    const { data, response } = await client.send<NotificationPreferencesView>(method, '/notifications/preferences', body, etag ? { headers: { 'If-Match': etag } } : {});
    return { view: data, etag: response.headers.get('ETag') ?? '' };
  };
  return {
    profile: (signal?: AbortSignal) => client.get<Profile>('/users/me', { signal }),
    updateProfile: (change: ProfileChange, revision: number) => client.patch<Profile>('/users/me', change, { headers: ifMatch(revision) }),
    changePassword: (currentPassword: string, newPassword: string) => client.post('/users/me/password', { currentPassword, newPassword }),
    resendVerification: () => client.post('/users/me/verification-email'),

    notifications: (query: { before?: number; unread?: boolean; limit?: number }, signal?: AbortSignal) =>
      client.get<NotificationPage>('/notifications', { query: { ...query, unread: query.unread ? 'true' : undefined }, signal }),
    markRead: (id: number) => client.post<Notification>(`/notifications/${id}/read`),
    markAllRead: (upTo: number | undefined) => client.post<MarkedRead>('/notifications/read-all', upTo === undefined ? {} : { upTo }),
    preferences: () => versioned('GET'),
    savePreferences: (change: NotificationPreferencesChange, etag: string) => versioned('PUT', change, etag),

    pushPublicKey: () => client.get<PushPublicKey>('/notifications/push/public-key'),
    savePushSubscription: (subscription: PushSubscriptionRequest) => client.post('/notifications/push/subscriptions', subscription),
    removePushSubscription: (endpoint: string) => client.send('DELETE', '/notifications/push/subscriptions', { endpoint }),

    beginTwoFactor: (password: string) => client.post<TwoFactorSetup>('/users/me/two-factor', { password }),
    confirmTwoFactor: (code: string) => client.post<RecoveryCodes>('/users/me/two-factor/confirm', { code }),
    disableTwoFactor: (proof: { password: string; totp?: string; recoveryCode?: string }) => client.post('/users/me/two-factor/disable', proof),

    feedStatus: (signal?: AbortSignal) => client.get<CalendarFeedStatus>('/calendar/feeds/me', { signal }),
    issueFeed: () => client.post<CalendarFeedUrl>('/calendar/feeds/me'),
    revokeFeed: () => client.delete('/calendar/feeds/me'),

    googleConnection: (signal?: AbortSignal) => client.get<GoogleConnectionStatus>('/calendar/google/connection', { signal }),
    connectGoogle: () => client.post<GoogleAuthorization>('/calendar/google/connection'),
    chooseGoogleCalendar: (calendarId: string) => client.put<GoogleConnectionStatus>('/calendar/google/connection', { calendarId }),
    disconnectGoogle: () => client.delete<GoogleDisconnection>('/calendar/google/connection'),
  };
}

export type MeApi = ReturnType<typeof meApi>;
export type TwoFactorPort = Pick<MeApi, 'beginTwoFactor' | 'confirmTwoFactor' | 'disableTwoFactor'>;
