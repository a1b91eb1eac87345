import { useEffect, useRef } from 'react';
import { reconnectingSocket } from './reconnecting-socket.js';

/** The busy intervals of `spaceId` changed somewhere within [from, to). */
export interface BusyChange {
  spaceId: string;
  from: string;
  to: string;
}

/** Spaces by id, or every space of a site (also ones added later). */
export type BusySubject = readonly string[] | { siteId: string };

/**
 * Called with a change, or with undefined when changes may have been missed (the subscription is
 * (re)established, or the server asks for a resync): then refetch everything shown.
 */
export type BusyListener = (change: BusyChange | undefined) => void;

export const BUSY_STREAM_PATH = '/api/v1/availability/stream';
/** The server takes at most this many space ids per subscription; more get more sockets. */
const MAX_SPACES_PER_SOCKET = 200;

type ServerMessage = { type: 'subscribed' } | { type: 'busy-changed'; spaceId: string; from: string; to: string } | { type: 'resync' };

/**
 * Live busy-interval changes (protocol: src/scheduling/infrastructure/busy-stream-server.ts).
 * Public, like the availability route: no sign-in. Reconnects by itself; `close()` ends it.
 */
export function openBusyStream(subject: BusySubject, onChange: BusyListener): { close(): void } {
  const subscriptions = isSite(subject)
    ? [{ type: 'subscribe', siteId: subject.siteId }]
    : chunks([...new Set(subject)], MAX_SPACES_PER_SOCKET).map((spaceIds) => ({ type: 'subscribe', spaceIds }));
  const sockets = subscriptions.map((subscribe) =>
    reconnectingSocket(BUSY_STREAM_PATH, {
      onOpen: (send) => send(subscribe),
      onMessage: (raw) => {
        const message = raw as ServerMessage;
        // Changes are announced from the subscription on: whatever was fetched before it may be stale.
        if (message.type === 'subscribed' || message.type === 'resync') onChange(undefined);
        else if (message.type === 'busy-changed') onChange({ spaceId: message.spaceId, from: message.from, to: message.to });
      },
      // 4400: the server cannot read what we send; asking again would not help.
      onClose: (code) => code !== 4400,
    }),
  );
  return { close: () => sockets.forEach((s) => s.close()) };
}

/** Whether a change touches [from, to) of one of `spaceIds` (undefined: it may touch anything). */
export function busyChangeAffects(change: BusyChange | undefined, spaceIds: readonly string[], from: Date, to: Date): boolean {
  return !change || (spaceIds.includes(change.spaceId) && Date.parse(change.from) < to.getTime() && Date.parse(change.to) > from.getTime());
}

/** Calls `onChange` while mounted when the busy intervals of the subject change; an empty list subscribes to nothing. */
export function useBusyStream(subject: BusySubject, onChange: BusyListener): void {
  const listener = useRef(onChange);
  listener.current = onChange;
  const key = isSite(subject) ? `site:${subject.siteId}` : [...subject].sort().join(',');
  useEffect(() => {
    if (!key) return;
    const target: BusySubject = key.startsWith('site:') ? { siteId: key.slice(5) } : key.split(',');
    const stream = openBusyStream(target, (change) => listener.current(change));
    return () => stream.close();
  }, [key]);
}

function isSite(subject: BusySubject): subject is { siteId: string } {
  return !Array.isArray(subject);
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}
