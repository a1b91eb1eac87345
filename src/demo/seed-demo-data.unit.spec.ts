import { describe, expect, it } from 'vitest';
import { runInOrder } from './seed-demo-data.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runInOrder', () => {
  it('runs tasks of one key one after another and never more than the limit at once', async () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ i, key: `k${i % 3}` }));
    const log: string[] = [];
    let running = 0;
    let peak = 0;
    const runningKeys = new Set<string>();
    await runInOrder(items, 4, (x) => x.key, async (x) => {
      expect(runningKeys.has(x.key)).toBe(false);
      runningKeys.add(x.key);
      running++;
      peak = Math.max(peak, running);
      for (let n = 0; n < (x.i * 7) % 5; n++) await tick();
      log.push(`${x.key}:${x.i}`);
      running--;
      runningKeys.delete(x.key);
    });
    expect(log).toHaveLength(40);
    expect(peak).toBeLessThanOrEqual(4);
    for (const key of ['k0', 'k1', 'k2']) {
      const order = log.filter((l) => l.startsWith(`${key}:`)).map((l) => Number(l.split(':')[1]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('stops starting tasks after a failure and rethrows it', async () => {
    const started: number[] = [];
    const run = runInOrder([1, 2, 3, 4, 5, 6, 7, 8], 2, (n) => String(n), async (n) => {
      started.push(n);
      await tick();
      if (n === 2) throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(8);
  });
});
