import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../platform/logger.js';
import { startMailCatcher } from './mail-catcher.js';
import { SmtpMailer } from './smtp-mailer.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function capturingLog() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createJsonLogger({ write: (line) => lines.push(JSON.parse(line)) }) };
}

async function catcherWithMailer(dir?: string) {
  const { lines, log } = capturingLog();
  const catcher = await startMailCatcher({ dir, log });
  const mailer = new SmtpMailer({ url: catcher.url, from: 'no-reply@reserva.test' });
  cleanups.push(async () => {
    mailer.close();
    await catcher.close();
  });
  return { catcher, mailer, lines };
}

describe('startMailCatcher', () => {
  it('catches mail sent by SmtpMailer, writes it as .eml and logs no body', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reserva-mail-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const { catcher, mailer, lines } = await catcherWithMailer(dir);
    expect(catcher.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);

    await mailer.send({ to: 'ana@example.com', subject: 'Сброс пароля Reserva', text: 'token=one-time-secret', html: '<a href="https://x/?token=one-time-secret">x</a>' });

    const [mail] = catcher.messages();
    expect(mail).toMatchObject({ from: 'no-reply@reserva.test', to: ['ana@example.com'], subject: 'Сброс пароля Reserva' });
    expect(mail.date).toBeInstanceOf(Date);
    expect(mail.raw.toString()).toContain('one-time-secret');

    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-1\.eml$/);
    expect(await readFile(join(dir, files[0]))).toEqual(mail.raw);

    expect(lines).toEqual([expect.objectContaining({ level: 'info', recipients: 1, subject: 'Сброс пароля Reserva' })]);
    expect(JSON.stringify(lines)).not.toContain('one-time-secret');
  });

  it('keeps only the 200 most recent messages', async () => {
    const { catcher, mailer } = await catcherWithMailer();

    for (let batch = 0; batch < 201; batch += 20) {
      const numbers = Array.from({ length: Math.min(20, 201 - batch) }, (_, i) => batch + i + 1);
      await Promise.all(numbers.map((n) => mailer.send({ to: `u${n}@example.com`, subject: `m${n}`, text: 'x' })));
    }

    const subjects = catcher.messages().map((m) => m.subject);
    expect(subjects).toHaveLength(200);
    expect(subjects).not.toContain('m1');
    expect(subjects).toContain('m201');
  });

  it('refuses a message over 1 MB', async () => {
    const { catcher, mailer } = await catcherWithMailer();

    await expect(mailer.send({ to: 'ana@example.com', subject: 'big', text: 'x'.repeat(1_100_000) })).rejects.toThrow(/552|size/i);
    expect(catcher.messages()).toEqual([]);
  });
});
