import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createECDH } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { VAPID_KEY_FILE, vapidKeys } from './web-push-keys.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reserva-vapid-'));
  dirs.push(dir);
  return join(dir, 'data');
}

describe('vapidKeys', () => {
  it('uses the configured pair', async () => {
    const configured = { publicKey: 'BAxWR-fQ4aorH9Y015--7S982Zfd6TT5HfkehqZYzjMBRe0KF8z_3gPwh59PKJpWT_Zi68yo9xEsTiLDrCia9Ao', privateKey: '5DzXezlBcy9Qaas1Are7A6AxM2KxvOYe3ZCYGVZTVkw' };
    const dir = await dataDir();
    expect(await vapidKeys({ configured, subject: 'mailto:a@b.test', dataDir: dir })()).toEqual({ ...configured, subject: 'mailto:a@b.test' });
    await expect(stat(dir)).rejects.toThrow();
  });

  it('without one, generates a pair once in DATA_DIR (owner-only) that every process started from it shares', async () => {
    const dir = await dataDir();
    // Two processes starting at once: one pair wins, both use it.
    const [a, b] = await Promise.all([vapidKeys({ configured: undefined, subject: 'mailto:a@b.test', dataDir: dir })(), vapidKeys({ configured: undefined, subject: 'mailto:a@b.test', dataDir: dir })()]);
    expect(a).toEqual(b);
    const later = await vapidKeys({ configured: undefined, subject: 'mailto:other@b.test', dataDir: dir })();
    expect(later).toEqual({ publicKey: a.publicKey, privateKey: a.privateKey, subject: 'mailto:other@b.test' });

    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(a.privateKey, 'base64url'));
    expect(ecdh.getPublicKey().toString('base64url')).toBe(a.publicKey);
    const file = join(dir, VAPID_KEY_FILE);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ publicKey: a.publicKey, privateKey: a.privateKey });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
