import { randomUUID } from 'node:crypto';
import { context, createWriteSide, lisbonSite, room } from '../../../test/support/write-side.js';
import { startSmtpTestServer } from '../../../test/support/smtp-test-server.js';
import type { IdentityServices } from '../../identity/application/identity-services.js';
import type { NotificationSettings } from '../../identity/domain/identity.events.js';
import { ALL_PERMISSIONS } from '../../identity/domain/permissions.js';
import { ensureIdentitySchema } from '../../identity/infrastructure/postgres/identity-schema.js';
import { PostgresPersonalDataVault } from '../../identity/infrastructure/postgres/postgres-personal-data-vault.js';
import { postgresIdentity } from '../../identity/infrastructure/postgres-identity.js';
import { sealingRequestMetadata } from '../../identity/infrastructure/request-sealing-event-store.js';
import { InProcessBus } from '../../messaging/in-process-bus.js';
import { ensureMessagingSchema } from '../../messaging/messaging-schema.js';
import { Relay } from '../../messaging/relay.js';
import { createJsonLogger } from '../../platform/logger.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { SmtpMailer } from '../../shared/mail/smtp-mailer.js';
import type { StoredNotification } from '../domain/notification-data.js';
import { NOTIFICATIONS_CONSUMER, startNotificationsConsumer } from './notifications-consumer.js';

const FAST = { initialMs: 1, maxMs: 5 };
const CONSUMED_CATEGORIES = ['booking', 'site', 'space', 'resource', 'blackout', 'user', 'login', 'role'];

export interface DeliveryRow {
  channel: 'email' | 'push';
  notBefore: string;
}

/**
 * The real write side and identity use cases with `npm start`'s notification pipeline behind
 * them (relay → in-process bus → notifications consumer) on one fresh database, the consumer's
 * clock in the test's hands; a Lisbon site with a plain room and one that needs approval, and a
 * Porto site with its own approval room.
 */
export async function createNotificationsPipeline() {
  const ws = await createWriteSide();
  await ensureMessagingSchema(ws.pool);
  await ensureIdentitySchema(ws.pool);
  const mail = await startSmtpTestServer();
  const vault = new PostgresPersonalDataVault(ws.pool);
  const identity: IdentityServices = postgresIdentity(ws.pool, sealingRequestMetadata(ws.store, vault), new SmtpMailer({ url: mail.url, from: 'Reserva <no-reply@test.local>' }), createJsonLogger({ level: 'silent' }), {
    jwtIssuer: 'reserva-test', jwtAudience: 'reserva-test', accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 86_400,
    argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 }, loginAttemptsPerMinute: 1000, vault,
    settings: { publicUrl: 'http://localhost', registrationAccountTypes: ['employee', 'client', 'guest', 'hotelier'], verifyEmailTtlSeconds: 3600, passwordResetTtlSeconds: 3600, totpIssuer: 'Reserva' },
  });

  const clock = { now: new Date('2026-03-01T09:00:00.000Z') };
  const bus = new InProcessBus(ws.pool, { partitions: 3, pollMs: 20, redeliveryBackoff: FAST });
  const relay = new Relay({ store: ws.store, pool: ws.pool, publisher: bus, batchSize: 50, backoff: FAST });
  await relay.start();
  const errors: unknown[] = [];
  const consumer = await startNotificationsConsumer({
    pool: ws.pool, source: bus, publisher: bus, vault, clock: () => clock.now, retries: { attempts: 2, backoff: FAST }, onError: (error) => errors.push(error),
  });

  const admin = context('admin-1', ['admin'], '2026-02-27T08:00:00Z');
  const lisbon = (await ws.catalog.registerSite(lisbonSite, admin)).id;
  const porto = (await ws.catalog.registerSite({ ...lisbonSite, name: 'Porto Office', address: 'Rua das Flores 1', city: 'Porto' }, admin)).id;
  const spaceId = (await ws.catalog.createSpace(room(lisbon), admin)).id;
  const approvalSpaceId = (await ws.catalog.createSpace(room(lisbon, { approvalRequired: true }, 'Atlântico'), admin)).id;
  const portoApprovalSpaceId = (await ws.catalog.createSpace(room(porto, { approvalRequired: true }, 'Douro'), admin)).id;

  const count = async (sql: string, params: unknown[] = []) => (await ws.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
  const identityContext = (now: Date | string, request?: CommandContext['request'], userId?: string): CommandContext => {
    let first = userId !== undefined;
    return {
      actor: { id: 'test-admin', kind: 'user' },
      permissions: new Set(ALL_PERMISSIONS),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      now: typeof now === 'string' ? new Date(now) : now,
      ...(request ? { request } : {}),
      // Registration takes the account id from the first id it asks for.
      newId: () => (first ? ((first = false), userId!) : randomUUID()),
    };
  };

  return {
    ...ws,
    identity,
    /** Where the identity use cases' emails go. */
    mail,
    vault,
    clock,
    consumer,
    errors,
    lisbon,
    porto,
    spaceId,
    approvalSpaceId,
    portoApprovalSpaceId,
    identityContext,

    /** Registers `userId` (email verified unless told otherwise) through the real use case; roles everywhere or on sites. */
    async person(userId: string, options: { timeZone?: string; roles?: { role: string; siteIds: string[] | null }[]; verified?: boolean } = {}) {
      const name = `u${userId.replace(/[^A-Za-z0-9]/g, '')}`;
      await identity.registration.register(
        { email: `${name}@test.reserva.local`, username: name, displayName: name, password: 'correct horse battery staple', accountType: 'employee', locale: 'en', timeZone: options.timeZone ?? 'Europe/Lisbon' },
        identityContext('2026-02-27T08:00:00Z', undefined, userId),
        { emailVerified: options.verified ?? true },
      );
      for (const { role, siteIds } of options.roles ?? []) await identity.roles.grantRole(userId, role, siteIds, identityContext('2026-02-27T08:00:00Z'));
    },

    async settings(userId: string, change: { notificationSettings?: NotificationSettings; notificationPreferences?: Record<string, Record<string, boolean>> }, at = '2026-02-28T08:00:00Z') {
      await identity.profiles.update(userId, change, undefined, { ...identityContext(at), actor: { id: userId, kind: 'user' } });
    },

    /** Resolves once the consumer has processed every event written so far that its topics carry. */
    async settled(): Promise<void> {
      const written = await count(`SELECT count(*)::int AS n FROM eventstore.events WHERE split_part(stream_id, '-', 1) = ANY($1::text[])`, [CONSUMED_CATEGORIES]);
      while ((await count('SELECT count(*)::int AS n FROM messaging.processed_events WHERE consumer = $1', [NOTIFICATIONS_CONSUMER])) < written) {
        if (errors.length > 0) throw errors[0];
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    /** Notifications, oldest first, optionally only one person's or about one subject. */
    async notifications(filter: { recipientId?: string; subjectId?: string } = {}): Promise<(StoredNotification & { sourceId: string; inApp: boolean; deliveries: DeliveryRow[] })[]> {
      const { rows } = await ws.pool.query(
        `SELECT n.id::int AS id, n.recipient_id AS "recipientId", n.kind, n.subject_id AS "subjectId", n.source_id AS "sourceId", n.data, n.in_app AS "inApp",
                n.created_at AS "createdAt", n.read_at AS "readAt",
                coalesce((SELECT json_agg(json_build_object('channel', d.channel, 'notBefore', to_char(d.not_before AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY d.channel)
                            FROM notifications.deliveries d WHERE d.notification_id = n.id), '[]') AS deliveries
           FROM notifications.notifications n
          WHERE ($1::text IS NULL OR n.recipient_id = $1) AND ($2::text IS NULL OR n.subject_id = $2)
          ORDER BY n.id`,
        [filter.recipientId ?? null, filter.subjectId ?? null],
      );
      return rows;
    },

    count,

    async close() {
      await consumer.stop();
      await relay.stop();
      await mail.close();
      await ws.close();
    },
  };
}

export type NotificationsPipeline = Awaited<ReturnType<typeof createNotificationsPipeline>>;
