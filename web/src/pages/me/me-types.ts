// Types the shared web/src/api/types.ts does not export yet (type-only, erased at build time).
import type { z } from 'zod';
import type * as I from '../../../../src/http/contracts/identity.contracts.js';
import type * as N from '../../../../src/http/contracts/notifications.contracts.js';
import type * as D from '../../../../src/http/contracts/notification-delivery.contracts.js';
import type * as G from '../../../../src/http/contracts/google-calendar.contracts.js';

export type ProfileChange = z.input<typeof I.ProfileChange>;
export type NotificationSettings = z.infer<typeof I.NotificationSettings>;
export type NotificationKind = z.infer<typeof N.NotificationKind>;
export type NotificationChannel = z.infer<typeof N.NotificationChannel>;
export type NotificationData = z.infer<typeof N.NotificationData>;
export type MarkedRead = z.infer<typeof N.MarkedRead>;
export type NotificationPreferencesChange = z.input<typeof N.NotificationPreferencesChange>;
export type PushPublicKey = z.infer<typeof D.PushPublicKey>;
export type PushSubscriptionRequest = z.input<typeof D.PushSubscriptionRequest>;
export type GoogleCalendar = z.infer<typeof G.GoogleCalendar>;
export type GoogleDisconnection = z.infer<typeof G.GoogleDisconnection>;
