import { describe, expect, it } from 'vitest';
import { createJsonLogger, type LogLevel, REDACTED } from './logger.js';

function capture(level?: LogLevel) {
  const lines: string[] = [];
  const logger = createJsonLogger({ level, write: (l) => lines.push(l), now: () => new Date('2025-03-01T10:00:00.000Z') });
  return { logger, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('JSON-lines logger', () => {
  it('writes one JSON object per line with time, level, message and fields', () => {
    const { logger, lines, entries } = capture();
    logger.info('booking confirmed', { bookingId: 'b-1', revision: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(entries()[0]).toEqual({ time: '2025-03-01T10:00:00.000Z', level: 'info', msg: 'booking confirmed', bookingId: 'b-1', revision: 3 });
  });

  it('drops lines below the configured level', () => {
    const { logger, entries } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(entries().map((e) => e.level)).toEqual(['warn', 'error']);
  });

  it('writes nothing when silent', () => {
    const { logger, lines } = capture('silent');
    logger.error('e');
    expect(lines).toEqual([]);
  });

  it('never writes secrets, at any depth', () => {
    const { logger, lines } = capture('debug');
    const secrets = ['pw-1', 'tok-2', 'sec-3', 'Bearer abc', 'sid=4', 'argon-5', 'key-6', 'seed-7', 'url-pw-8', 'msg-pw-9', 'err-pw-10'];
    logger.info('connecting to postgres://reserva:msg-pw-9@db/reserva', {
      user: { email: 'ana@example.com', password: 'pw-1', passwordHash: 'argon-5' },
      session: [{ refreshToken: 'tok-2' }, { clientSecret: 'sec-3' }],
      headers: { Authorization: 'Bearer abc', cookie: 'sid=4', 'x-api-key': 'key-6' },
      totpSeed: 'seed-7',
      databaseUrl: 'postgresql://app:url-pw-8@db:5432/reserva',
      error: new Error('login failed for postgres://app:err-pw-10@db/reserva'),
    });
    const out = lines.join('\n');
    for (const secret of secrets) expect(out).not.toContain(secret);
    const entry = JSON.parse(lines[0]!);
    expect(entry.user).toEqual({ email: 'ana@example.com', password: REDACTED, passwordHash: REDACTED });
    expect(entry.databaseUrl).toBe('postgresql://app:***@db:5432/reserva');
    expect(entry.error.message).toBe('login failed for postgres://app:***@db/reserva');
  });

  it('keeps child fields on every line and never lets fields replace time, level or msg', () => {
    const { logger, entries } = capture();
    logger.child({ service: 'projector', token: 't' }).warn('lagging', { level: 'debug', lag: 12 });
    expect(entries()[0]).toEqual({ time: '2025-03-01T10:00:00.000Z', level: 'warn', msg: 'lagging', service: 'projector', token: REDACTED, lag: 12 });
  });

  it('survives cycles, bigints, dates, maps and sets', () => {
    const { logger, entries } = capture();
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    logger.info('odd values', { cyclic, position: 12n, at: new Date(0), m: new Map([['k', 1]]), s: new Set([1, 2]) });
    expect(entries()[0]).toMatchObject({ cyclic: { name: 'a', self: '[circular]' }, position: '12', at: '1970-01-01T00:00:00.000Z', m: { k: 1 }, s: [1, 2] });
  });
});
