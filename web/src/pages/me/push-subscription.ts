import type { PushSubscriptionRequest } from '../../api/types.js';
import type { MeApi } from './me-api.js';
import workerUrl from './push-worker.ts?worker&url';

export type PushState = 'unsupported' | 'denied' | 'on' | 'off';
type PushApi = Pick<MeApi, 'pushPublicKey' | 'savePushSubscription' | 'removePushSubscription'>;

// The worker only handles pushes, so it needs no scope over the pages: it keeps the folder it is served from.
const scope = () => new URL('./', new URL(workerUrl, window.location.href)).pathname;

function pushSupported(): boolean {
  return window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** Whether this browser can get pushes, is blocked, or is (not) subscribed. */
export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const registration = await navigator.serviceWorker.getRegistration(scope());
  return (await registration?.pushManager.getSubscription()) ? 'on' : 'off';
}

function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '='));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** PushManager.subscribe needs an active worker; a fresh registration is still installing. */
function activeWorker(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.installing ?? registration.waiting;
  if (registration.active && !worker) return Promise.resolve();
  return new Promise((resolve, reject) => {
    worker!.addEventListener('statechange', () => {
      if (worker!.state === 'activated') resolve();
      else if (worker!.state === 'redundant') reject(new Error('the service worker did not start'));
    });
  });
}

/** Asks permission, subscribes with the server's VAPID key and registers the subscription with the server. */
export async function subscribePush(api: PushApi): Promise<PushState> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off';
  const registration = await navigator.serviceWorker.register(workerUrl, { scope: scope(), type: import.meta.env.DEV ? 'module' : 'classic' });
  await activeWorker(registration);
  const { publicKey } = await api.pushPublicKey();
  const subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlBytes(publicKey) });
  try {
    await api.savePushSubscription(subscription.toJSON() as PushSubscriptionRequest);
  } catch (err) {
    // The server would never push to it: do not leave the browser believing it is subscribed.
    await subscription.unsubscribe();
    throw err;
  }
  return 'on';
}

export async function unsubscribePush(api: PushApi): Promise<PushState> {
  const registration = await navigator.serviceWorker.getRegistration(scope());
  const subscription = await registration?.pushManager.getSubscription();
  if (subscription) {
    // 404: the server had already forgotten it (it drops endpoints the push service refuses).
    await api.removePushSubscription(subscription.endpoint).catch((err: { status?: number }) => {
      if (err.status !== 404) throw err;
    });
    await subscription.unsubscribe();
  }
  return 'off';
}
