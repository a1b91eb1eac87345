import type { DeliveryOutcome } from './delivery-ports.js';

/** Exponential backoff for transient failures: base, 2×base, 4×base … capped, then give up. */
export interface RetryPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts in all (the first one included) before a transient failure counts as permanent. */
  maxAttempts: number;
}

/** About two hours of retrying: an SMTP server down for maintenance or greylisting (451) is outlived. */
export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 60_000, maxDelayMs: 3_600_000, maxAttempts: 8 };

/** After a transient failure of attempt number `attempt` (1 = the first): try again later, or give up. */
export function afterTransientFailure(error: string, attempt: number, now: Date, policy: RetryPolicy): DeliveryOutcome {
  if (attempt >= policy.maxAttempts) return { status: 'failed', error: `gave up after ${attempt} attempts: ${error}` };
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { status: 'retry', error, notBefore: new Date(now.getTime() + delay) };
}

/** Failures of our own link to the mail server: an operator fixes them, then the mail can go. */
const OUR_SIDE = new Set(['EAUTH', 'ETLS', 'ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'EPROXY']);

/**
 * Whether a Mailer failure is worth retrying. Our side of the mail system failing (connection,
 * timeout, TLS, authentication — even with a 535 reply) is retried; otherwise a 4xx reply
 * (greylisting, mailbox busy, server short of space) is transient and a 5xx reply (no such
 * user, refused) permanent; an address the transport itself refuses (`EENVELOPE` without a
 * reply) is permanent; anything else without a reply is retried.
 */
export function mailFailure(error: unknown): { transient: boolean; message: string } {
  const { responseCode, code, message } = (error ?? {}) as { responseCode?: unknown; code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (typeof code === 'string' && OUR_SIDE.has(code)) return { transient: true, message: text };
  if (typeof responseCode === 'number' && responseCode >= 400) return { transient: responseCode < 500, message: text };
  if (code === 'EENVELOPE') return { transient: false, message: text };
  return { transient: true, message: text };
}

const ADDRESS = /[^\s<>()"',;:]+@[^\s<>()"',;:]+/g;
const ERROR_MAX = 500;

/**
 * An error as it may be stored and shown to admins: SMTP replies often quote the recipient's
 * address, which must not outlive the person's erasure in a plain column, so every address is
 * replaced; long replies are cut.
 */
export function storableError(message: string, addresses: readonly string[] = []): string {
  let text = message;
  for (const address of addresses) if (address) text = text.split(address).join('<recipient>');
  text = text.replace(ADDRESS, '<address>').replace(/\s+/g, ' ').trim();
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX - 1)}…` : text;
}
