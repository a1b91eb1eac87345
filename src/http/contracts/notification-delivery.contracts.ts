import { z } from 'zod';
import { Instant, pageOf, pageQuery } from './common.contracts.js';
import { NotificationKind } from './notifications.contracts.js';
import { named } from './schema-registry.js';

/** Base64url (RFC 4648 §5), padding tolerated, decoding to exactly `bytes` bytes. */
function base64url(bytes: number, what: string, check: (decoded: Buffer) => boolean = () => true) {
  return z
    .string()
    .max(200)
    .refine((value) => {
      if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return false;
      const decoded = Buffer.from(value, 'base64url');
      return decoded.length === bytes && check(decoded);
    }, { error: `expected ${what} (base64url, ${bytes} bytes)` });
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An https URL, or http on this machine (development; the route refuses it in production). */
export function isPushEndpointUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password) return false;
    return url.protocol === 'https:' ? url.hostname !== '' : url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
}

export const PushSubscriptionRequest = named(
  'PushSubscriptionRequest',
  z.strictObject({
    endpoint: z.string().max(2048).refine(isPushEndpointUrl, { error: 'expected the push service URL (https)' }),
    expirationTime: z.number().nullable().optional().describe('As PushSubscription.toJSON() gives it; not used.'),
    keys: z.strictObject({
      p256dh: base64url(65, "the browser's P-256 public key", (key) => key[0] === 0x04),
      auth: base64url(16, 'the auth secret'),
    }),
  }),
  'A browser subscription, as `PushSubscription.toJSON()` gives it.',
);
export type PushSubscriptionRequest = z.output<typeof PushSubscriptionRequest>;

export const PushSubscriptionSaved = named('PushSubscriptionSaved', z.object({ endpoint: z.string() }));

export const PushUnsubscribeRequest = named('PushUnsubscribeRequest', z.strictObject({ endpoint: z.string().min(1).max(2048) }));

export const PushPublicKey = named(
  'PushPublicKey',
  z.object({ publicKey: z.string() }),
  "The server's VAPID public key (base64url): `applicationServerKey` of `PushManager.subscribe`.",
);

export const FailedDeliveriesQuery = z.strictObject({ ...pageQuery });

export const FailedDelivery = named(
  'FailedDelivery',
  z.object({
    notificationId: z.int().positive(),
    kind: NotificationKind,
    channel: z.enum(['email', 'push']),
    recipientId: z.string(),
    error: z.string().describe('Why it failed (the server reply, addresses replaced).'),
    attempts: z.int().nonnegative(),
    failedAt: Instant,
    createdAt: Instant,
  }),
  'An email or push that was given up on.',
);
export const FailedDeliveryPage = pageOf('FailedDeliveryPage', FailedDelivery);
