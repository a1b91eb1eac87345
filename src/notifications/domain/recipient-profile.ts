import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationPreferences, type NotificationSettings } from '../../identity/domain/identity.events.js';

/** What the notifications consumer knows of a person: how, when and in which language to tell them. */
export interface RecipientProfile {
  userId: string;
  locale: string;
  /** IANA zone; quiet hours are wall-clock times in it. */
  timeZone: string;
  preferences: NotificationPreferences;
  settings: NotificationSettings;
}

/**
 * Someone whose account events have not arrived yet (the identity topic runs behind the
 * booking topic): the defaults, so they are still told, in UTC and English.
 */
export function defaultRecipientProfile(userId: string): RecipientProfile {
  return { userId, locale: 'en', timeZone: 'UTC', preferences: {}, settings: DEFAULT_NOTIFICATION_SETTINGS };
}
