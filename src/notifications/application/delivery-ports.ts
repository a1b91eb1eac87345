import type { StoredNotification } from '../domain/notification-data.js';

/** How to reach a person, from their profile (sealed personal data opened for this send only). */
export interface RecipientContact {
  email: string;
  emailVerified: boolean;
  displayName: string;
  locale: string;
  timeZone: string;
}

/** Who the notifications go to; null once the person is erased or was never known. */
export interface Recipients {
  contactOf(userId: string): Promise<RecipientContact | null>;
}

/** A browser's Web Push subscription (PushSubscription.toJSON() in the browser). */
export interface PushSubscriptionKeys {
  endpoint: string;
  /** Base64url: the browser's P-256 public key (65 bytes) and its auth secret (16 bytes). */
  keys: { p256dh: string; auth: string };
}

/** The browsers each person subscribed; one endpoint belongs to one person at a time. */
export interface PushSubscriptions {
  /** Adds or renews the endpoint for `userId` (a browser now used by someone else moves to them). */
  save(userId: string, subscription: PushSubscriptionKeys, now: Date): Promise<void>;
  /** Removes the person's own subscription; false when they have none with that endpoint. */
  remove(userId: string, endpoint: string): Promise<boolean>;
  of(userId: string): Promise<PushSubscriptionKeys[]>;
  /** The push service says the endpoint is gone (404/410): nobody is subscribed there any more. */
  forget(endpoint: string): Promise<void>;
}

export interface PushOptions {
  /** How long the push service keeps the message for an offline browser. */
  ttlSeconds: number;
  urgency: 'normal' | 'high';
  /** Messages with one topic replace each other while undelivered (a resend stays one message). */
  topic: string;
}

/** What a push service answered: accepted (2xx), gone (404/410), or refused (retry when transient). */
export type PushResult = { outcome: 'accepted' } | { outcome: 'gone' } | { outcome: 'refused'; transient: boolean; error: string };

/** Sends one encrypted Web Push message (RFC 8030/8291/8292). */
export interface PushService {
  /** The VAPID public key browsers subscribe with (applicationServerKey), base64url. */
  publicKey(): Promise<string>;
  send(subscription: PushSubscriptionKeys, payload: string, options: PushOptions): Promise<PushResult>;
}

/** One email or push of one notification, as the delivery worker claimed it. */
export interface DeliveryJob {
  notification: StoredNotification;
  channel: 'email' | 'push';
  /** Attempts made before this one. */
  attempts: number;
}

/**
 * What became of an attempt. `retry`: transient, try again at `notBefore`; `failed`: permanent
 * (admins see `error`); `skipped`: nothing to send to. Errors never hold addresses or secrets.
 */
export type DeliveryOutcome =
  | { status: 'sent' }
  | { status: 'skipped'; reason: string }
  | { status: 'retry'; error: string; notBefore: Date }
  | { status: 'failed'; error: string };

/** A permanently failed delivery, for admins. */
export interface FailedDelivery {
  notificationId: number;
  kind: StoredNotification['kind'];
  channel: 'email' | 'push';
  recipientId: string;
  error: string;
  attempts: number;
  /** When it was given up on. */
  failedAt: string;
  createdAt: string;
}

export interface FailedDeliveries {
  /** Newest first. */
  list(page: { limit: number; offset: number }): Promise<{ items: FailedDelivery[]; total: number }>;
}
