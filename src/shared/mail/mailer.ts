export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /**
   * An iTIP message (RFC 5546): sent as the `text/calendar; method=…` alternative that calendar
   * clients act on, and as an `.ics` attachment for the others.
   */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
}

/**
 * Sends email (SMTP in production); any context that mails people uses this port. A failed
 * `send` rejects with an error carrying, when known, `responseCode` (the SMTP server's reply
 * code: 4xx try again later, 5xx permanent) and `code` (the transport's error code).
 */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
