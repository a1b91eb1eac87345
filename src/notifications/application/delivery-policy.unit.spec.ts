import { describe, expect, it } from 'vitest';
import { afterTransientFailure, mailFailure, storableError } from './delivery-policy.js';
import { organizerOf } from './delivery-service.js';

const policy = { baseDelayMs: 1_000, maxDelayMs: 5_000, maxAttempts: 5 };
const now = new Date('2030-01-01T00:00:00Z');

describe('mailFailure', () => {
  it('retries 4xx replies, our own link failing and anything without a reply; 5xx replies and refused addresses are final', () => {
    expect(mailFailure(Object.assign(new Error('451 greylisted'), { responseCode: 451, code: 'EENVELOPE' }))).toEqual({ transient: true, message: '451 greylisted' });
    expect(mailFailure(Object.assign(new Error('550 no such user'), { responseCode: 550, code: 'EENVELOPE' })).transient).toBe(false);
    expect(mailFailure(Object.assign(new Error('554 rejected'), { responseCode: 554, code: 'EMESSAGE' })).transient).toBe(false);
    expect(mailFailure(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })).transient).toBe(false);
    expect(mailFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })).transient).toBe(true);
    expect(mailFailure(Object.assign(new Error('Invalid login'), { code: 'EAUTH', responseCode: 535 })).transient).toBe(true);
    expect(mailFailure('weird').transient).toBe(true);
  });
});

describe('afterTransientFailure', () => {
  it('waits base, 2×base, 4×base … up to the cap, and gives up at the last attempt', () => {
    const delays = [1, 2, 3, 4].map((attempt) => {
      const outcome = afterTransientFailure('busy', attempt, now, policy);
      return outcome.status === 'retry' ? outcome.notBefore.getTime() - now.getTime() : outcome.status;
    });
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(afterTransientFailure('busy', 5, now, policy)).toEqual({ status: 'failed', error: 'gave up after 5 attempts: busy' });
  });
});

describe('storableError', () => {
  it('replaces the recipient and any other address, flattens and cuts long replies', () => {
    expect(storableError('550 5.1.1 <ana.lima+x@example.com>: user unknown, cc bo@example.org', ['ana.lima+x@example.com'])).toBe('550 5.1.1 <<recipient>>: user unknown, cc <address>');
    expect(storableError('line one\r\n  line two')).toBe('line one line two');
    expect(storableError('x'.repeat(2_000))).toHaveLength(500);
  });
});

describe('organizerOf', () => {
  it('reads MAIL_FROM with or without a display name', () => {
    expect(organizerOf('Reserva <no-reply@reserva.test>')).toEqual({ email: 'no-reply@reserva.test', name: 'Reserva' });
    expect(organizerOf('"Reserva Rooms" <rooms@reserva.test>')).toEqual({ email: 'rooms@reserva.test', name: 'Reserva Rooms' });
    expect(organizerOf('<rooms@reserva.test>')).toEqual({ email: 'rooms@reserva.test' });
    expect(organizerOf(' rooms@reserva.test ')).toEqual({ email: 'rooms@reserva.test' });
  });
});
