import type pg from 'pg';
import { startAuditLogConsumer } from '../audit/infrastructure/audit-log-consumer.js';
import type { MessageBus } from '../messaging/message-bus.js';
import type { Relay } from '../messaging/relay.js';
import type { Runtime } from './bootstrap.js';
import { SERVICES } from './container.js';

/** The process's message bus, its topics created (Kafka) and closed on shutdown. */
export async function openMessageBus(runtime: Runtime): Promise<MessageBus> {
  const bus = runtime.container.get<MessageBus & { prepare?(): Promise<void>; close?(): Promise<void> }>(SERVICES.MessageBus);
  await bus.prepare?.();
  runtime.onShutdown(async () => bus.close?.());
  return bus;
}

/** The relay and the consumers in this process (`npm start`, tests): what production runs as separate entry points. */
export async function startMessaging(runtime: Runtime): Promise<{ relay: Relay }> {
  const { container, log } = runtime;
  const bus = await openMessageBus(runtime);
  const relay = container.get<Relay>(SERVICES.Relay);
  await relay.start();
  runtime.onShutdown(() => relay.stop());
  const audit = await startAuditLogConsumer({
    pool: container.get<pg.Pool>(SERVICES.ReadPool),
    source: bus,
    publisher: bus,
    onError: (error) => log.warn('audit log consumer failed; retrying', { error: String(error) }),
  });
  runtime.onShutdown(() => audit.stop());
  return { relay };
}
