import {
  channelEnabled,
  DEFAULT_PREFERENCES,
  MANDATORY_EMAIL_KINDS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  URGENT_KINDS,
  type ChannelPreferences,
  type NotificationChannel,
  type NotificationKind,
} from '../domain/notification-kinds.js';

/** Kind → channel → on/off as a person's profile stores it (partial; unknown keys ignored). */
export type StoredPreferences = Readonly<Record<string, Readonly<Record<string, boolean>>>>;
export type PreferenceMatrix = Record<NotificationKind, ChannelPreferences>;

/** Every kind × channel as it applies to the person: their choices over the defaults, mandatory channels on. */
export function effectivePreferences(stored: StoredPreferences): PreferenceMatrix {
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, Object.fromEntries(NOTIFICATION_CHANNELS.map((channel) => [channel, channelEnabled(stored, kind, channel)]))]),
  ) as PreferenceMatrix;
}

/**
 * What the profile stores for a wanted matrix: only the choices that differ from the defaults,
 * so a person who never touched a kind follows the defaults when they change. Mandatory
 * channels are never stored (they are on whatever is saved). Cells left out of `wanted` take the default.
 */
export function preferencesToStore(wanted: Partial<Record<NotificationKind, Partial<ChannelPreferences>>>): Record<string, Record<string, boolean>> {
  const stored: Record<string, Record<string, boolean>> = {};
  for (const kind of NOTIFICATION_KINDS) {
    for (const channel of NOTIFICATION_CHANNELS) {
      const value = wanted[kind]?.[channel];
      if (value === undefined || value === DEFAULT_PREFERENCES[kind][channel] || isMandatory(kind, channel)) continue;
      (stored[kind] ??= {})[channel] = value;
    }
  }
  return stored;
}

export function isMandatory(kind: NotificationKind, channel: NotificationChannel): boolean {
  return channel === 'email' && MANDATORY_EMAIL_KINDS.has(kind);
}

/** The rules a preferences screen shows beside the matrix. */
export function kindRules(): { urgentKinds: NotificationKind[]; mandatory: { kind: NotificationKind; channel: NotificationChannel }[] } {
  return {
    urgentKinds: NOTIFICATION_KINDS.filter((kind) => URGENT_KINDS.has(kind)),
    mandatory: NOTIFICATION_KINDS.flatMap((kind) => NOTIFICATION_CHANNELS.filter((channel) => isMandatory(kind, channel)).map((channel) => ({ kind, channel }))),
  };
}
