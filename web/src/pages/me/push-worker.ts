// The service worker behind Web Push: shows what the server pushes (notificationPush: id, title,
// body, url) and opens its link on a click. Bundled on its own by Vite (`?worker&url`).

interface PushMessage {
  id: number;
  title: string;
  body: string;
  url: string;
}
interface ExtendableEvent {
  waitUntil(work: Promise<unknown>): void;
}
interface WorkerScope {
  addEventListener(type: 'install', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'push', listener: (event: ExtendableEvent & { data: { json(): unknown } | null }) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: ExtendableEvent & { notification: Notification }) => void): void;
  skipWaiting(): Promise<void>;
  registration: ServiceWorkerRegistration;
  clients: { openWindow(url: string): Promise<unknown> };
}

const worker = self as unknown as WorkerScope;

// A new version takes over at once: there is no page state in here to lose.
worker.addEventListener('install', (event) => event.waitUntil(worker.skipWaiting()));

worker.addEventListener('push', (event) => {
  const message = event.data?.json() as PushMessage | undefined;
  if (!message?.title) return;
  // The tag is the notification id: a repeated push replaces the one shown instead of stacking.
  event.waitUntil(worker.registration.showNotification(message.title, { body: message.body, tag: String(message.id), data: { url: message.url } }));
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | null)?.url;
  if (url) event.waitUntil(worker.clients.openWindow(url));
});
