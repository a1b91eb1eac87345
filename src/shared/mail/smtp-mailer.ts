import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from './mailer.js';
import { maskUrlPasswords } from '../../platform/logger.js';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
  url: string;
  /** Sender, e.g. `"Reserva" <no-reply@example.com>`. */
  from: string;
}

/** Failure to hand a message to the SMTP server; the message never carries the URL's password. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    /** nodemailer's code (`ECONNECTION`, `EAUTH`, `EENVELOPE`…) and the server's reply code, when known. */
    readonly code: string | undefined,
    readonly responseCode: number | undefined,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

/** Sends mail over SMTP with nodemailer (a connection per message). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;
  private readonly from: string;
  private readonly passwords: string[];

  constructor(options: SmtpMailerOptions) {
    this.transport = createTransport(options.url);
    this.from = options.from;
    this.passwords = urlPasswords(options.url);
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html, ...calendarParts(message) });
    } catch (error) {
      // The original error is not kept as `cause`: its fields are not ours to vouch for.
      const { message: reason, code, responseCode } = error as { message?: string; code?: string; responseCode?: number };
      throw new MailDeliveryError(`Sending mail failed: ${this.mask(String(reason ?? error))}`, code, responseCode);
    }
  }

  close(): void {
    this.transport.close();
  }

  private mask(text: string): string {
    let masked = maskUrlPasswords(text);
    for (const password of this.passwords) masked = masked.replaceAll(password, '***');
    return masked;
  }
}

/**
 * nodemailer sends an `icalEvent` twice: as the `text/calendar; method=…` alternative (Outlook,
 * Apple Mail and Gmail act on it) and as the attachment `invite.ics`, which any client can open.
 */
function calendarParts(message: MailMessage) {
  const { calendar } = message;
  return calendar ? { icalEvent: { method: calendar.method, content: calendar.content, filename: 'invite.ics' } } : {};
}

/** The URL's password as typed and decoded, so neither form can slip into an error message. */
function urlPasswords(url: string): string[] {
  try {
    const { password } = new URL(url);
    if (password === '') return [];
    return [...new Set([password, safeDecode(password)])];
  } catch {
    return [];
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
