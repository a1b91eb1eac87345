import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { CommandContext } from '../../shared/event-store/envelope.js';

/**
 * The key of the per-address limits; requests without a known address share one. An IPv6
 * client usually holds a whole /64, so the /64 is the address: a client cannot dodge the
 * limit by moving through it.
 */
export function clientAddress(ctx: CommandContext): string {
  const ip = ctx.request?.ip;
  if (ip === undefined) return 'unknown';
  if (!isIPv6(ip) || /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * The key under which attempts naming an email or login are counted: a digest, so that the
 * counters hold no one's address in the clear.
 */
export function identifierKey(identifier: string): string {
  return createHash('sha256').update(identifier.trim().toLowerCase()).digest('hex');
}
