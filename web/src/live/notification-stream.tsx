import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import type { Notification } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { reconnectingSocket } from './reconnecting-socket.js';

type Listener = (notification: Notification) => void;

interface NotificationStream {
  /** Unread count, kept live (undefined until the first answer). */
  unread: number | undefined;
  /** Every notification that arrives while the page is open, newest last. */
  subscribe(listener: Listener): () => void;
  setUnread(count: number): void;
}

const StreamContext = createContext<NotificationStream | null>(null);

/** One socket per tab for the signed-in person's notifications (protocol: notification-stream-server.ts). */
export function NotificationStreamProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const [unread, setUnread] = useState<number | undefined>(undefined);
  const listeners = useRef(new Set<Listener>());
  const userId = user?.userId;

  useEffect(() => {
    if (!userId) {
      setUnread(undefined);
      return;
    }
    let lastId: number | undefined;
    const socket = reconnectingSocket('/api/v1/notifications/stream', {
      onOpen: (send) => send({ type: 'auth', accessToken: api.accessToken(), ...(lastId !== undefined ? { after: lastId } : {}) }),
      onMessage: (raw) => {
        const message = raw as { type: string; unread?: number; count?: number; notification?: Notification };
        if (message.type === 'ready') setUnread(message.unread);
        else if (message.type === 'unread') setUnread(message.count);
        else if (message.type === 'notification' && message.notification) {
          const n = message.notification;
          lastId = Math.max(lastId ?? 0, Number(n.id));
          if (!n.readAt) setUnread((u) => (u ?? 0) + 1);
          listeners.current.forEach((l) => l(n));
        }
      },
      // 4401: the access token ran out; renew it (any API call does) and reconnect.
      onClose: async (code) => (code === 4401 ? api.get('/notifications/unread-count').then(() => true, () => false) : code !== 4400),
    });
    return () => socket.close();
  }, [userId]);

  const value = useMemo<NotificationStream>(
    () => ({
      unread,
      setUnread,
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [unread],
  );
  return <StreamContext.Provider value={value}>{children}</StreamContext.Provider>;
}

export function useNotificationStream(): NotificationStream {
  const stream = useContext(StreamContext);
  if (!stream) throw new Error('useNotificationStream outside NotificationStreamProvider');
  return stream;
}
