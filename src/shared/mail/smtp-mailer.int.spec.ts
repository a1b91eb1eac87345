import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../../../test/support/smtp-test-server.js';
import { MailDeliveryError, SmtpMailer } from './smtp-mailer.js';

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SmtpMailer', () => {
  let smtp: SmtpTestServer;
  let mailer: SmtpMailer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    mailer = new SmtpMailer({ url: smtp.url, from: '"Reserva" <no-reply@reserva.test>' });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  it('delivers from, to, subject, text and html to a real SMTP server', async () => {
    await mailer.send({ to: 'ana@example.com', subject: 'Hello Ana', text: 'Plain body', html: '<p>HTML <b>body</b></p>' });

    const mail = await smtp.waitForMail((m) => m.subject === 'Hello Ana');
    expect(mail.from?.value).toEqual([{ address: 'no-reply@reserva.test', name: 'Reserva' }]);
    expect(mail.to).toMatchObject({ value: [{ address: 'ana@example.com' }] });
    expect(mail.text?.trim()).toBe('Plain body');
    expect(mail.html).toBe('<p>HTML <b>body</b></p>');
  });

  it('sends text-only messages', async () => {
    await mailer.send({ to: 'bo@example.com', subject: 'Text only', text: 'Just text' });

    const mail = await smtp.waitForMail((m) => m.subject === 'Text only');
    expect(mail.text?.trim()).toBe('Just text');
    expect(mail.html).toBe(false);
  });

  it('keeps a UTF-8 Russian subject and body intact', async () => {
    const subject = 'Подтвердите адрес электронной почты Reserva — ёжик';
    await mailer.send({ to: 'ivan@example.com', subject, text: 'Здравствуйте, Иван!' });

    const mail = await smtp.waitForMail((m) => m.to !== undefined && !Array.isArray(m.to) && m.to.text === 'ivan@example.com');
    expect(mail.subject).toBe(subject);
    expect(mail.text?.trim()).toBe('Здравствуйте, Иван!');
  });

  it('carries an invitation as the text/calendar alternative with its method and as invite.ics', async () => {
    const content = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:booking-1@reserva\r\nSEQUENCE:2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    await mailer.send({ to: 'cal@example.com', subject: 'Cancelled', text: 'Cancelled.', html: '<p>Cancelled.</p>', calendar: { method: 'CANCEL', content } });

    const mail = await smtp.waitForMail((m) => m.subject === 'Cancelled');
    expect(mail.text?.trim()).toBe('Cancelled.');
    expect(mail.html).toBe('<p>Cancelled.</p>');
    // mailparser lists the alternative among the attachments; its Content-Type keeps the method.
    const alternative = mail.attachments.find((a) => a.contentType === 'text/calendar');
    expect(alternative?.headers.get('content-type')).toMatchObject({ params: { method: 'CANCEL', charset: 'utf-8' } });
    expect(alternative?.content.toString('utf8')).toBe(content);
    const file = mail.attachments.find((a) => a.filename === 'invite.ics');
    expect(file).toMatchObject({ contentType: 'application/ics', contentDisposition: 'attachment' });
    expect(file?.content.toString('utf8')).toBe(content);
  });

  it('rejects when the server is unreachable, without the URL password in the error', async () => {
    const password = 's3cr3t-P@ss';
    const unreachable = new SmtpMailer({ url: `smtp://mailer:${encodeURIComponent(password)}@127.0.0.1:${await closedPort()}`, from: 'no-reply@reserva.test' });

    const error = await unreachable.send({ to: 'ana@example.com', subject: 'x', text: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    unreachable.close();

    expect(error).toBeInstanceOf(MailDeliveryError);
    const shown = `${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`;
    expect(shown).toMatch(/Sending mail failed/);
    expect(shown).not.toContain(password);
    expect(shown).not.toContain(encodeURIComponent(password));
  });
});
