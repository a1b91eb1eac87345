import { describe, expect, it } from 'vitest';
import { planChannels, reachesAnyone } from './channel-plan.js';
import { quietHoursEnd } from './quiet-hours.js';
import { defaultRecipientProfile, type RecipientProfile } from './recipient-profile.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const night = { start: '22:00', end: '07:00' };

describe('quiet hours', () => {
  it('span midnight: late evening waits for the next morning, early morning for the same one, daytime not at all', () => {
    expect(iso(quietHoursEnd(at('2026-01-15T23:30:00Z'), night, 'Europe/Lisbon'))).toBe('2026-01-16T07:00:00.000Z');
    expect(iso(quietHoursEnd(at('2026-01-16T06:00:00Z'), night, 'Europe/Lisbon'))).toBe('2026-01-16T07:00:00.000Z');
    expect(quietHoursEnd(at('2026-01-16T12:00:00Z'), night, 'Europe/Lisbon')).toBeNull();
    expect(quietHoursEnd(at('2026-01-16T07:00:00Z'), night, 'Europe/Lisbon')).toBeNull();
  });

  it('within one day, and none when start equals end or there are none', () => {
    const lunch = { start: '13:00', end: '14:00' };
    expect(iso(quietHoursEnd(at('2026-01-16T13:30:00Z'), lunch, 'UTC'))).toBe('2026-01-16T14:00:00.000Z');
    expect(quietHoursEnd(at('2026-01-16T12:59:00Z'), lunch, 'UTC')).toBeNull();
    expect(quietHoursEnd(at('2026-01-16T13:30:00Z'), { start: '13:00', end: '13:00' }, 'UTC')).toBeNull();
    expect(quietHoursEnd(at('2026-01-16T13:30:00Z'), null, 'UTC')).toBeNull();
  });

  it('are wall-clock times in the person\'s zone', () => {
    // 14:00 UTC is 23:00 in Tokyo: quiet until 07:00 JST, 22:00 UTC.
    expect(iso(quietHoursEnd(at('2026-01-16T14:00:00Z'), night, 'Asia/Tokyo'))).toBe('2026-01-16T22:00:00.000Z');
  });

  it('follow DST: a night the clocks go back lasts an hour longer; an end in the spring-forward gap moves past it', () => {
    // Lisbon leaves WEST (UTC+1) for WET (UTC+0) at 02:00 on 25 October 2026.
    expect(iso(quietHoursEnd(at('2026-10-24T22:00:00Z'), night, 'Europe/Lisbon'))).toBe('2026-10-25T07:00:00.000Z');
    expect(iso(quietHoursEnd(at('2026-10-23T22:00:00Z'), night, 'Europe/Lisbon'))).toBe('2026-10-24T06:00:00.000Z');
    // New York skips 02:00–03:00 on 8 March 2026: a 02:30 end is 03:30 EDT (07:30 UTC).
    expect(iso(quietHoursEnd(at('2026-03-08T04:00:00Z'), { start: '22:00', end: '02:30' }, 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });
});

describe('channels of a notification', () => {
  const now = new Date('2026-01-15T23:30:00Z');
  const person = (change: Partial<RecipientProfile> = {}): RecipientProfile => ({ ...defaultRecipientProfile('ana'), timeZone: 'Europe/Lisbon', ...change });
  const quiet = person({ settings: { quietHours: night, reminderLeadMinutes: 30 } });

  it('follow the defaults: confirmations in the inbox and by email, approvals everywhere, requests in the inbox only', () => {
    expect(planChannels('booking.confirmed', person(), now.toISOString(), now)).toEqual({ inApp: true, deliveries: [{ channel: 'email', notBefore: now.toISOString() }] });
    expect(planChannels('booking.approved', person(), now.toISOString(), now).deliveries.map((d) => d.channel)).toEqual(['email', 'push']);
    expect(planChannels('booking.requested', person(), now.toISOString(), now)).toEqual({ inApp: true, deliveries: [] });
  });

  it('hold non-urgent email and push until quiet hours end; the inbox and urgent kinds do not wait', () => {
    expect(planChannels('booking.approved', quiet, now.toISOString(), now)).toEqual({
      inApp: true,
      deliveries: [{ channel: 'email', notBefore: '2026-01-16T07:00:00.000Z' }, { channel: 'push', notBefore: '2026-01-16T07:00:00.000Z' }],
    });
    expect(planChannels('booking.cancelled', quiet, now.toISOString(), now).deliveries.map((d) => d.notBefore)).toEqual([now.toISOString(), now.toISOString()]);
  });

  it('obey the person\'s preferences, except for mandatory security email', () => {
    const off = person({ preferences: { 'booking.approved': { email: false, in_app: false }, 'account.password_changed': { email: false } } });
    expect(planChannels('booking.approved', off, now.toISOString(), now)).toEqual({ inApp: false, deliveries: [{ channel: 'push', notBefore: now.toISOString() }] });
    expect(planChannels('account.password_changed', off, now.toISOString(), now).deliveries.map((d) => d.channel)).toEqual(['email']);
    const nothing = person({ preferences: { 'booking.requested': { in_app: false } } });
    expect(reachesAnyone(planChannels('booking.requested', nothing, now.toISOString(), now))).toBe(false);
  });

  it('send no email or push for events more than a day old', () => {
    expect(planChannels('booking.approved', person(), '2026-01-14T23:29:00Z', now)).toEqual({ inApp: true, deliveries: [] });
    expect(planChannels('booking.approved', person(), '2026-01-14T23:30:00Z', now).deliveries).toHaveLength(2);
  });
});
