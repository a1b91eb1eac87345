import { connectJsonSocket, type JsonSocketClient } from '../../http/testing/json-socket-client.js';
import { NOTIFICATION_STREAM_PATH, type StreamMessage } from './notification-stream-server.js';

/** A `ws` client of the live inbox, as a browser would be (tests and benchmarks). */
export interface StreamClient extends JsonSocketClient<StreamMessage> {
  /** Ids of the `notification` messages received, in order. */
  notificationIds(): number[];
}

/** Opens the stream; `auth` (when given) is sent as the first message once open. */
export async function connectStream(baseUrl: string, auth?: { accessToken: string; after?: number } | string): Promise<StreamClient> {
  const client = await connectJsonSocket<StreamMessage>(baseUrl, NOTIFICATION_STREAM_PATH);
  if (auth !== undefined) client.send(typeof auth === 'string' ? auth : { type: 'auth', ...auth });
  return {
    ...client,
    notificationIds: () => client.messages.flatMap((m) => (m.type === 'notification' ? [m.notification.id] : [])),
  };
}
