import type { CalendarUser } from '../../calendar/domain/itip.js';
import { assertNever } from '../../shared/domain/decider.js';
import type { Mailer, MailMessage } from '../../shared/mail/mailer.js';
import { URGENT_KINDS } from '../domain/notification-kinds.js';
import { notificationInvitation } from '../domain/templates/notification-invitation.js';
import { notificationEmail, notificationPush } from '../domain/templates/notification-templates.js';
import type { DeliveryJob, DeliveryOutcome, PushService, PushSubscriptions, RecipientContact, Recipients } from './delivery-ports.js';
import { afterTransientFailure, mailFailure, storableError, type RetryPolicy } from './delivery-policy.js';

export interface DeliverySettings {
  /** Where the web client lives; emails and pushes link there. */
  publicUrl: string;
  /** The mail's sender, also the ORGANIZER of invitations. */
  organizer: CalendarUser;
  retry: RetryPolicy;
  /** How long a push service holds a message for a browser that is offline. */
  pushTtlSeconds: number;
}

/** The ORGANIZER of invitations from MAIL_FROM: `Reserva <no-reply@example.com>` or a bare address. */
export function organizerOf(mailFrom: string): CalendarUser {
  const match = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(mailFrom);
  if (!match) return { email: mailFrom.trim() };
  const name = match[1]!.trim();
  return name ? { email: match[2]!.trim(), name } : { email: match[2]!.trim() };
}

export interface DeliveryServiceDeps {
  recipients: Recipients;
  mailer: Mailer;
  push: PushService;
  subscriptions: PushSubscriptions;
  settings: DeliverySettings;
}

/**
 * One attempt at one email or push of a notification: renders it for its recipient, sends it,
 * and says what became of it. Stateless; the delivery worker records the outcome.
 */
export class DeliveryService {
  constructor(private readonly deps: DeliveryServiceDeps) {}

  async deliver(job: DeliveryJob, now: Date): Promise<DeliveryOutcome> {
    try {
      return await this.attempt(job, now);
    } catch (error) {
      // Our own side failed (database, key vault) before anything went out: try again later.
      return afterTransientFailure(storableError(`delivery failed: ${String(error)}`), job.attempts + 1, now, this.deps.settings.retry);
    }
  }

  private async attempt(job: DeliveryJob, now: Date): Promise<DeliveryOutcome> {
    const contact = await this.deps.recipients.contactOf(job.notification.recipientId);
    if (!contact) return { status: 'skipped', reason: 'recipient unknown or erased' };
    switch (job.channel) {
      case 'email':
        return this.email(job, contact, now);
      case 'push':
        return this.push(job, contact, now);
      default:
        return assertNever(job.channel);
    }
  }

  private async email(job: DeliveryJob, contact: RecipientContact, now: Date): Promise<DeliveryOutcome> {
    // An address nobody confirmed may belong to someone else: bookings are not mailed there.
    if (!contact.emailVerified) return { status: 'skipped', reason: 'no verified email address' };
    const { settings } = this.deps;
    const { notification } = job;
    let message: MailMessage;
    try {
      const rendered = notificationEmail({ notification, recipient: contact, publicUrl: settings.publicUrl });
      const calendar = notificationInvitation({
        notification,
        organizer: settings.organizer,
        attendee: { email: contact.email, name: contact.displayName },
        publicUrl: settings.publicUrl,
        now,
      });
      message = { to: contact.email, ...rendered, ...(calendar ? { calendar } : {}) };
    } catch (error) {
      // Rendering the same data again cannot succeed.
      return { status: 'failed', error: storableError(`could not render: ${String(error)}`, [contact.email]) };
    }
    try {
      await this.deps.mailer.send(message);
      return { status: 'sent' };
    } catch (error) {
      const failure = mailFailure(error);
      const reason = storableError(failure.message, [contact.email]);
      return failure.transient ? afterTransientFailure(reason, job.attempts + 1, now, settings.retry) : { status: 'failed', error: reason };
    }
  }

  /**
   * To every browser the person subscribed. Sent when at least one accepted it (browsers that
   * failed meanwhile are not retried: a retry would show it again where it arrived); gone
   * subscriptions are forgotten; retried only when none accepted and one may later.
   */
  private async push(job: DeliveryJob, contact: RecipientContact, now: Date): Promise<DeliveryOutcome> {
    const { subscriptions, push, settings } = this.deps;
    const { notification } = job;
    const targets = await subscriptions.of(notification.recipientId);
    if (targets.length === 0) return { status: 'skipped', reason: 'no push subscription' };
    const payload = JSON.stringify(notificationPush({ notification, recipient: contact, publicUrl: settings.publicUrl }));
    const options = { ttlSeconds: settings.pushTtlSeconds, urgency: URGENT_KINDS.has(notification.kind) ? 'high' : 'normal', topic: `n${notification.id}` } as const;
    let accepted = 0;
    let gone = 0;
    const refusals: { transient: boolean; error: string }[] = [];
    for (const target of targets) {
      const result = await push.send(target, payload, options);
      if (result.outcome === 'accepted') accepted++;
      else if (result.outcome === 'gone') {
        gone++;
        await subscriptions.forget(target.endpoint);
      } else refusals.push(result);
    }
    if (accepted > 0) return { status: 'sent' };
    if (gone === targets.length) return { status: 'skipped', reason: 'every push subscription has expired' };
    const transient = refusals.find((r) => r.transient);
    if (transient) return afterTransientFailure(storableError(transient.error), job.attempts + 1, now, settings.retry);
    return { status: 'failed', error: storableError(refusals[0]!.error) };
  }
}
