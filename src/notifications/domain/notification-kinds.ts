/**
 * What Reserva tells people about, and through which channels. A person's preferences
 * (profile `notificationPreferences`, kind → channel → on/off) override the defaults below.
 */
export const NOTIFICATION_KINDS = [
  'booking.requested',
  'booking.pending_approval',
  'booking.approved',
  'booking.rejected',
  'booking.confirmed',
  'booking.changed',
  'booking.change_rejected',
  'booking.cancelled',
  'booking.reminder',
  'booking.missed_checkin',
  'booking.disrupted',
  'account.email_verified',
  'account.password_reset_requested',
  'account.password_changed',
  'account.new_login',
  'account.two_factor_changed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** `in_app`: the inbox and its live WebSocket feed. */
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export type ChannelPreferences = Record<NotificationChannel, boolean>;

const all: ChannelPreferences = { in_app: true, email: true, push: true };
const quiet: ChannelPreferences = { in_app: true, email: false, push: false };
const inboxAndEmail: ChannelPreferences = { in_app: true, email: true, push: false };

/** Sensible defaults: what needs action or changes plans reaches every channel; confirmations of one's own request stay in the inbox and email. */
export const DEFAULT_PREFERENCES: Readonly<Record<NotificationKind, ChannelPreferences>> = {
  'booking.requested': quiet,
  'booking.pending_approval': all,
  'booking.approved': all,
  'booking.rejected': all,
  'booking.confirmed': inboxAndEmail,
  'booking.changed': inboxAndEmail,
  'booking.change_rejected': all,
  'booking.cancelled': all,
  'booking.reminder': all,
  'booking.missed_checkin': inboxAndEmail,
  'booking.disrupted': all,
  'account.email_verified': quiet,
  'account.password_reset_requested': quiet,
  'account.password_changed': inboxAndEmail,
  'account.new_login': inboxAndEmail,
  'account.two_factor_changed': inboxAndEmail,
};

/**
 * Kinds that ignore quiet hours: security warnings, and news that changes plans within hours.
 * Everything else waits until the person's quiet hours end before email and push go out.
 */
export const URGENT_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'booking.cancelled',
  'booking.disrupted',
  'booking.reminder',
  'account.password_changed',
  'account.new_login',
  'account.two_factor_changed',
]);

/** Security notices go out whatever the person chose: a hijacked account must not be able to silence them. */
export const MANDATORY_EMAIL_KINDS: ReadonlySet<NotificationKind> = new Set<NotificationKind>([
  'account.password_changed',
  'account.two_factor_changed',
]);

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** Whether `channel` is on for `kind`, given a person's saved choices (unknown keys ignored). */
export function channelEnabled(
  preferences: Readonly<Record<string, Readonly<Record<string, boolean>>>>,
  kind: NotificationKind,
  channel: NotificationChannel,
): boolean {
  if (channel === 'email' && MANDATORY_EMAIL_KINDS.has(kind)) return true;
  return preferences[kind]?.[channel] ?? DEFAULT_PREFERENCES[kind][channel];
}
