export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends email (SMTP in production); any context that mails people uses this port. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
