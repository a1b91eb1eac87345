import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../domain/notification-kinds.js';
import { effectivePreferences, kindRules, preferencesToStore } from './inbox-preferences.js';

describe('inbox preferences', () => {
  it('shows every kind × channel: the defaults where nothing is saved, the saved choice elsewhere', () => {
    const matrix = effectivePreferences({ 'booking.confirmed': { email: false, push: true }, 'no.such.kind': { email: true } });
    expect(Object.keys(matrix)).toEqual([...NOTIFICATION_KINDS]);
    for (const kind of NOTIFICATION_KINDS) expect(Object.keys(matrix[kind])).toEqual([...NOTIFICATION_CHANNELS]);
    expect(matrix['booking.confirmed']).toEqual({ in_app: true, email: false, push: true });
    expect(matrix['booking.cancelled']).toEqual(DEFAULT_PREFERENCES['booking.cancelled']);
  });

  it('keeps mandatory security emails on whatever was saved', () => {
    expect(effectivePreferences({ 'account.password_changed': { email: false } })['account.password_changed'].email).toBe(true);
  });

  it('stores only the choices that differ from the defaults, never a mandatory channel', () => {
    const wanted = effectivePreferences({});
    wanted['booking.confirmed'] = { in_app: true, email: false, push: true };
    wanted['account.two_factor_changed'].email = true;
    expect(preferencesToStore(wanted)).toEqual({ 'booking.confirmed': { email: false, push: true } });
    expect(preferencesToStore(effectivePreferences({}))).toEqual({});
    expect(preferencesToStore({ 'booking.reminder': { push: false } })).toEqual({ 'booking.reminder': { push: false } });
  });

  it('round-trips: what is stored for a matrix gives that matrix back', () => {
    const wanted = effectivePreferences({ 'booking.changed': { in_app: false, push: true }, 'account.new_login': { email: false } });
    expect(effectivePreferences(preferencesToStore(wanted))).toEqual(wanted);
  });

  it('names the urgent kinds and the mandatory channels', () => {
    const rules = kindRules();
    expect(rules.urgentKinds).toContain('booking.cancelled');
    expect(rules.urgentKinds).not.toContain('booking.confirmed');
    expect(rules.mandatory).toEqual([
      { kind: 'account.password_changed', channel: 'email' },
      { kind: 'account.two_factor_changed', channel: 'email' },
    ]);
  });
});
