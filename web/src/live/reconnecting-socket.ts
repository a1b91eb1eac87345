/** The WebSocket URL of an API path on this origin. */
export function socketUrl(path: string): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${path}`;
}

export interface SocketHandlers {
  /** Called on every (re)connect: send the opening message here. */
  onOpen(send: (message: unknown) => void): void | Promise<void>;
  onMessage(message: unknown): void;
  /** Close code from the server; return false to stop reconnecting. */
  onClose?(code: number): boolean | Promise<boolean>;
}

/**
 * A WebSocket that comes back: reconnects with jittered exponential backoff (1 s … 30 s), at once
 * when the tab becomes visible or the network returns. `close()` ends it for good.
 */
export function reconnectingSocket(path: string, handlers: SocketHandlers): { close(): void } {
  let socket: WebSocket | undefined;
  let attempt = 0;
  let timer: number | undefined;
  let closed = false;

  const connect = () => {
    if (closed) return;
    window.clearTimeout(timer);
    timer = undefined;
    const ws = new WebSocket(socketUrl(path));
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      void handlers.onOpen((m) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(m)));
    };
    ws.onmessage = (e) => {
      try {
        handlers.onMessage(JSON.parse(String(e.data)));
      } catch {
        // a message we cannot read is dropped; the stream goes on
      }
    };
    ws.onclose = async (e) => {
      if (socket !== ws || closed) return;
      socket = undefined;
      const again = handlers.onClose ? await handlers.onClose(e.code) : true;
      if (!again || closed) return;
      const delay = Math.min(30_000, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
      timer = window.setTimeout(connect, delay);
    };
  };
  const wake = () => {
    if (!socket && !closed && document.visibilityState === 'visible') connect();
  };
  document.addEventListener('visibilitychange', wake);
  window.addEventListener('online', wake);
  connect();
  return {
    close() {
      closed = true;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('online', wake);
      socket?.close(1000);
    },
  };
}
