import { DAY, fromIso, toIso } from '../../shared/domain/time-range.js';
import { channelEnabled, URGENT_KINDS, type NotificationKind } from './notification-kinds.js';
import { quietHoursEnd } from './quiet-hours.js';
import type { RecipientProfile } from './recipient-profile.js';

/** Email and push for events older than this are never sent: a consumer starting over an old log must not mail anyone. */
export const STALE_AFTER_MS = DAY;

export interface PlannedDelivery {
  channel: 'email' | 'push';
  /** ISO instant: now, or the end of the person's quiet hours. */
  notBefore: string;
}

export interface ChannelPlan {
  inApp: boolean;
  deliveries: PlannedDelivery[];
}

/**
 * Which channels carry a notification of `kind` to `recipient`, caused by something that
 * happened at `occurredAt`, decided at `now`: the person's preferences (or the defaults), no
 * email/push for stale events, and non-urgent email/push held until their quiet hours end.
 */
export function planChannels(kind: NotificationKind, recipient: RecipientProfile, occurredAt: string, now: Date): ChannelPlan {
  const at = now.getTime();
  const inApp = channelEnabled(recipient.preferences, kind, 'in_app');
  if (at - fromIso(occurredAt) > STALE_AFTER_MS) return { inApp, deliveries: [] };
  const quietUntil = URGENT_KINDS.has(kind) ? null : quietHoursEnd(at, recipient.settings.quietHours, recipient.timeZone);
  const notBefore = toIso(quietUntil ?? at);
  const deliveries = (['email', 'push'] as const)
    .filter((channel) => channelEnabled(recipient.preferences, kind, channel))
    .map((channel) => ({ channel, notBefore }));
  return { inApp, deliveries };
}

/** Whether the plan reaches the person at all (a row nobody sees is not written). */
export function reachesAnyone(plan: ChannelPlan): boolean {
  return plan.inApp || plan.deliveries.length > 0;
}
