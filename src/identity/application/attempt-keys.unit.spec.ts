import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { clientAddress, identifierKey } from './attempt-keys.js';

const from = (ip?: string) => ({ ...(ip === undefined ? {} : { request: { ip } }) }) as CommandContext;

describe('attempt keys', () => {
  it('keys IPv4 clients by their address and unknown ones together', () => {
    expect(clientAddress(from('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(from('::ffff:203.0.113.9'))).toBe('::ffff:203.0.113.9');
    expect(clientAddress(from())).toBe('unknown');
  });

  it('keys IPv6 clients by their /64, however the address is written', () => {
    const key = '2001:db8:0:1::/64';
    expect(clientAddress(from('2001:db8:0:1::1'))).toBe(key);
    expect(clientAddress(from('2001:0DB8:0000:0001:ffff:ffff:ffff:ffff'))).toBe(key);
    expect(clientAddress(from('2001:db8::1:0:0:0:7'))).toBe(key);
    expect(clientAddress(from('2001:db8:0:2::1'))).not.toBe(key);
    expect(clientAddress(from('::1'))).toBe('0:0:0:0::/64');
  });

  it('keys emails and logins by a digest that ignores case and surrounding space', () => {
    expect(identifierKey(' Ana@Example.com ')).toBe(identifierKey('ana@example.com'));
    expect(identifierKey('ana@example.com')).not.toContain('ana');
    expect(identifierKey('ana@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });
});
