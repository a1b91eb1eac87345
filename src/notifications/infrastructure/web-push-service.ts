import webpush from 'web-push';
import type { PushOptions, PushResult, PushService, PushSubscriptionKeys } from '../application/delivery-ports.js';
import type { VapidKeys } from './web-push-keys.js';

export interface WebPushServiceOptions {
  keys: () => Promise<VapidKeys>;
  /** A push service that does not answer within this is tried again later. */
  timeoutMs?: number;
}

const RESPONSE_SHOWN = 200;

/**
 * Web Push through the `web-push` package: it encrypts the payload (RFC 8291, aes128gcm) and
 * signs the VAPID JWT (RFC 8292, aud = the endpoint's origin); the request itself goes out with
 * fetch, so an `http://127.0.0.1` endpoint (development, tests) works like an https one.
 */
export class WebPushService implements PushService {
  private readonly timeoutMs: number;

  constructor(private readonly options: WebPushServiceOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async publicKey(): Promise<string> {
    return (await this.options.keys()).publicKey;
  }

  async send(subscription: PushSubscriptionKeys, payload: string, options: PushOptions): Promise<PushResult> {
    const { subject, publicKey, privateKey } = await this.options.keys();
    let request: webpush.RequestDetails;
    try {
      request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, payload, {
        vapidDetails: { subject, publicKey, privateKey },
        TTL: options.ttlSeconds,
        urgency: options.urgency,
        topic: options.topic,
        contentEncoding: 'aes128gcm',
      });
    } catch (error) {
      // The browser's keys cannot encrypt: sending again will not help.
      return { outcome: 'refused', transient: false, error: `could not encrypt for this subscription: ${(error as Error).message}` };
    }
    // fetch sets Content-Length from the body itself.
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length').map(([name, value]) => [name, String(value)]));
    let response: Response;
    try {
      response = await fetch(request.endpoint, {
        method: 'POST',
        headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        // A push service answers; it does not send us elsewhere (and we go nowhere a subscriber chose twice).
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return { outcome: 'refused', transient: true, error: `push service unreachable: ${(error as Error).message}` };
    }
    const text = (await response.text().catch(() => '')).slice(0, RESPONSE_SHOWN);
    const { status } = response;
    if (status >= 200 && status < 300) return { outcome: 'accepted' };
    // RFC 8030 §7.3: the subscription expired or was removed.
    if (status === 404 || status === 410) return { outcome: 'gone' };
    const error = `push service answered ${status}${text ? `: ${text}` : ''}`;
    return { outcome: 'refused', transient: status === 429 || status >= 500, error };
  }
}
