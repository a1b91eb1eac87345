import { simpleParser, type ParsedMail } from 'mailparser';
import { startMailCatcher } from '../../src/shared/mail/mail-catcher.js';
import { createJsonLogger } from '../../src/platform/logger.js';

export interface SmtpTestServer {
  /** `smtp://127.0.0.1:<port>`, for SmtpMailer. */
  url: string;
  /** Every message received so far, parsed, in arrival order. */
  messages: ParsedMail[];
  /** The first message (already received or still to come) that matches. */
  waitForMail(predicate: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /** Resolves once every message accepted so far is parsed into `messages` (a sender's send resolves after acceptance). */
  parsed(): Promise<void>;
  /** Refuses the next `times` messages to `address` with this reply (e.g. 451, then accepts again). */
  refuseNext(address: string, reply: { code: number; message: string }, times?: number): void;
  /** Messages refused so far, in order. */
  refused: { to: string[]; code: number }[];
  close(): Promise<void>;
}

interface Waiter {
  predicate: (mail: ParsedMail) => boolean;
  resolve: (mail: ParsedMail) => void;
  reject: (error: Error) => void;
}

/** A real SMTP server for tests (the mail catcher), with each message parsed by mailparser. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<Waiter>();
  // Parsing is chained so `messages` keeps arrival order.
  let parsing = Promise.resolve();
  const refusals: { address: string; reply: { code: number; message: string }; left: number }[] = [];
  const refused: { to: string[]; code: number }[] = [];

  const catcher = await startMailCatcher({
    log: createJsonLogger({ level: 'silent' }),
    refuse: ({ to }) => {
      const refusal = refusals.find((r) => r.left > 0 && to.includes(r.address));
      if (!refusal) return undefined;
      refusal.left -= 1;
      refused.push({ to, code: refusal.reply.code });
      return refusal.reply;
    },
    onMail: (caught) => {
      parsing = parsing.then(async () => {
        try {
          const mail = await simpleParser(caught.raw);
          messages.push(mail);
          for (const waiter of waiters) {
            if (!waiter.predicate(mail)) continue;
            waiters.delete(waiter);
            waiter.resolve(mail);
          }
        } catch (error) {
          for (const waiter of waiters) waiter.reject(new Error(`A received message could not be parsed: ${String(error)}`));
          waiters.clear();
        }
      });
    },
  });

  return {
    url: catcher.url,
    messages,
    refused,
    parsed: () => parsing,
    refuseNext(address, reply, times = 1) {
      refusals.push({ address, reply, left: times });
    },
    waitForMail(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<ParsedMail>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((m) => JSON.stringify(m.subject ?? '')).join(', ') || 'none';
          reject(new Error(`No matching mail within ${timeoutMs} ms (received: ${seen})`));
        }, timeoutMs);
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
    async close() {
      await parsing;
      for (const waiter of waiters) waiter.reject(new Error('SMTP test server closed'));
      waiters.clear();
      await catcher.close();
    },
  };
}
