import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../../platform/tokens.js';

/** One message as the catcher received it. */
export interface CaughtMail {
  /** Envelope sender (MAIL FROM); '' for the null sender. */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The Subject header with RFC 2047 encoded words decoded; '' when absent. */
  subject: string;
  /** The Date header, or the time of arrival when it is missing or unreadable. */
  date: Date;
  /** The message exactly as received, headers and body. */
  raw: Buffer;
}

export interface MailCatcherOptions {
  /** When set, each message is also written there as `<timestamp>-<n>.eml`. */
  dir?: string;
  log: Logger;
  /** Called with each message once it is kept (and written), before the client gets its reply. */
  onMail?: (mail: CaughtMail) => void;
  /** Clock for arrival times (file names, missing Date headers). */
  now?: () => Date;
  /**
   * Asked once a message has arrived: a reply refuses it with that SMTP code (4xx: try later,
   * 5xx: never), so senders' retry and failure paths can be exercised against a real server.
   */
  refuse?: (envelope: { from: string; to: string[] }) => { code: number; message: string } | undefined;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:<port>`: no authentication, no TLS. */
  url: string;
  /** The most recent messages, oldest first. */
  messages(): CaughtMail[];
  close(): Promise<void>;
}

const KEPT = 200;
const MAX_BYTES = 1024 * 1024;

/**
 * A local SMTP server that accepts every message and keeps it instead of delivering it, so
 * `npm start` without an SMTP server still "sends" mail a developer can open.
 */
export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const { dir, log, onMail, refuse, now = () => new Date() } = options;
  if (dir !== undefined) await mkdir(dir, { recursive: true });
  const kept: CaughtMail[] = [];
  let received = 0;

  const keep = async (raw: Buffer, envelope: { mailFrom: { address: string } | false; rcptTo: { address: string }[] }) => {
    const arrivedAt = now();
    const n = ++received;
    const headers = parseHeaders(raw);
    const date = headers.date === undefined ? arrivedAt : new Date(headers.date);
    const mail: CaughtMail = {
      from: envelope.mailFrom ? envelope.mailFrom.address : '',
      to: envelope.rcptTo.map((r) => r.address),
      subject: decodeWords(headers.subject ?? ''),
      date: Number.isNaN(date.getTime()) ? arrivedAt : date,
      raw,
    };
    kept.push(mail);
    if (kept.length > KEPT) kept.shift();
    if (dir !== undefined) await writeFile(join(dir, `${arrivedAt.toISOString().replace(/[:.]/g, '-')}-${n}.eml`), raw);
    // Recipients and subject only: bodies carry one-time tokens.
    log.info('mail caught', { recipients: mail.to.length, subject: mail.subject });
    onMail?.(mail);
  };

  const server = new SMTPServer({
    banner: 'Reserva mail catcher',
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_BYTES,
    rejectOversized: true,
    logger: false,
    // Shutdown should not wait long for a client that keeps its connection open.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= MAX_BYTES) chunks.push(chunk);
      });
      stream.on('error', callback);
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(new Error('Message exceeds fixed maximum message size'));
        const { mailFrom, rcptTo } = session.envelope;
        const refusal = refuse?.({ from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) });
        if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        keep(Buffer.concat(chunks), session.envelope).then(
          () => callback(),
          (error: unknown) => {
            log.error('mail catcher could not keep a message', { error });
            callback(new Error('Message could not be stored'));
          },
        );
      });
    },
  });
  // Without a listener, a client's broken connection would be an uncaught 'error' event.
  server.on('error', (error) => log.warn('mail catcher connection error', { error: error.message }));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages: () => [...kept],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Subject and Date from the header block (folded lines unfolded); enough for a log line and a list. */
function parseHeaders(raw: Buffer): { subject?: string; date?: string } {
  const text = raw.toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(block)?.[1]?.trim();
  return { subject: header('subject'), date: header('date') };
}

const ENCODED_WORD = /=\?([^?*]+)(?:\*[^?]*)?\?([BQ])\?([^?]*)\?=/gi;

/**
 * Decodes RFC 2047 encoded words. Adjacent words of one charset are joined as bytes first,
 * because a sender may split a multi-byte character across two words.
 */
function decodeWords(value: string): string {
  return value.replace(/=\?[^?]+\?[BQ]\?[^?]*\?=(?:\s*=\?[^?]+\?[BQ]\?[^?]*\?=)*/gi, (run) => {
    const parts: { charset: string; bytes: Buffer }[] = [];
    for (const [, charset, encoding, text] of run.matchAll(ENCODED_WORD)) {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
      const last = parts.at(-1);
      if (last && last.charset === charset.toLowerCase()) last.bytes = Buffer.concat([last.bytes, bytes]);
      else parts.push({ charset: charset.toLowerCase(), bytes });
    }
    try {
      return parts.map((p) => new TextDecoder(p.charset).decode(p.bytes)).join('');
    } catch {
      return run;
    }
  });
}
