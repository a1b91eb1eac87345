import { isIP } from 'node:net';
import type { FailedDeliveries, PushService, PushSubscriptions } from '../../notifications/application/delivery-ports.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { Done } from '../contracts/identity.contracts.js';
import {
  FailedDeliveriesQuery,
  FailedDeliveryPage,
  PushPublicKey,
  PushSubscriptionRequest,
  PushSubscriptionSaved,
  PushUnsubscribeRequest,
} from '../contracts/notification-delivery.contracts.js';
import { HttpProblem } from '../problem/http-problem.js';
import { API_PREFIX, pageBody } from './route-deps.js';

export interface NotificationDeliveryHttp {
  subscriptions: PushSubscriptions;
  push: Pick<PushService, 'publicKey'>;
  failures: FailedDeliveries;
  /** Production takes only https endpoints on public host names. */
  production: boolean;
}

const tags = ['notifications'];
const SUBSCRIPTIONS = `${API_PREFIX}/notifications/push/subscriptions`;

/**
 * Why production refuses an endpoint, or null. The worker POSTs to whatever a person registers,
 * so it must not be a way to reach this network's own hosts: https to a host name with a dot,
 * never an IP address or localhost. (Browsers' push services all look like that.)
 */
export function productionEndpointIssue(endpoint: string): string | null {
  const url = new URL(endpoint);
  if (url.protocol !== 'https:') return 'must be an https URL';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 || host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) return 'must name a public push service';
  return null;
}

/** Web Push subscriptions of the signed-in person, the server's VAPID key, and failed deliveries for admins. */
export function notificationDeliveryRoutes(deps: NotificationDeliveryHttp): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/notifications/push/public-key`,
      operationId: 'getPushPublicKey',
      summary: "The server's VAPID public key, to subscribe a browser to Web Push",
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'The key.', schema: PushPublicKey },
      errors: [],
      handle: async () => ({ body: { publicKey: await deps.push.publicKey() } }),
    }),
    defineRoute({
      method: 'post',
      path: SUBSCRIPTIONS,
      operationId: 'subscribeToPush',
      summary: 'Subscribe this browser to your Web Push notifications',
      description:
        'Send `PushSubscription.toJSON()`. Saving an endpoint again renews it; an endpoint saved by someone else before (a shared browser) moves to you. You keep at most 20 browsers: the oldest goes.',
      tags,
      access: 'authenticated',
      body: PushSubscriptionRequest,
      // The body holds the browser's auth secret: nothing of it goes into the idempotency table (saving again is harmless anyway).
      idempotent: false,
      success: { status: 201, description: 'Subscribed.', schema: PushSubscriptionSaved },
      errors: [],
      handle: async ({ body, principal, ctx }) => {
        const issue = deps.production ? productionEndpointIssue(body.endpoint) : null;
        if (issue) throw new HttpProblem('invalid-request', 'Invalid body field: endpoint.', { errors: [{ field: 'endpoint', message: issue }] });
        await deps.subscriptions.save(principal.userId, { endpoint: body.endpoint, keys: body.keys }, ctx.now);
        return { body: { endpoint: body.endpoint } };
      },
    }),
    defineRoute({
      method: 'delete',
      path: SUBSCRIPTIONS,
      operationId: 'unsubscribeFromPush',
      summary: 'Stop Web Push to one of your browsers',
      description: '404 when you have no subscription with that endpoint (someone else’s is never touched).',
      tags,
      access: 'authenticated',
      body: PushUnsubscribeRequest,
      success: { status: 200, description: 'Unsubscribed.', schema: Done },
      errors: [404],
      handle: async ({ body, principal }) => {
        if (!(await deps.subscriptions.remove(principal.userId, body.endpoint))) throw new NotFoundError('push subscription', 'with that endpoint');
        return { body: { done: true as const } };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/notifications/deliveries/failed`,
      operationId: 'listFailedDeliveries',
      summary: 'Emails and pushes that failed for good, newest first',
      description: 'Permanent failures (a 5xx SMTP reply, a refused address, a push service refusing) and transient ones that outlasted every retry.',
      tags,
      access: [P.notificationsManage],
      query: FailedDeliveriesQuery,
      success: { status: 200, description: 'A page of failed deliveries.', schema: FailedDeliveryPage },
      errors: [],
      handle: async ({ query }) => ({ body: pageBody(await deps.failures.list(query), query) }),
    }),
  ];
}
