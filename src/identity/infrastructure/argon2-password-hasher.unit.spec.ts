import { describe, expect, it } from 'vitest';
import { Argon2PasswordHasher, DEFAULT_ARGON2, FAST_TEST_ARGON2 } from './argon2-password-hasher.js';

describe('Argon2PasswordHasher', () => {
  const hasher = new Argon2PasswordHasher(FAST_TEST_ARGON2);

  it('hashes with argon2id and the given parameters', async () => {
    const hashed = await hasher.hash('correct horse battery staple');
    expect(hashed).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(hashed).not.toContain('correct horse battery staple');
    expect(hasher.description).toBe('argon2id m=1024 KiB, t=1, p=1');
  });

  it('defaults to the OWASP parameters', async () => {
    const hasher = new Argon2PasswordHasher();
    expect(DEFAULT_ARGON2).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    expect(hasher.description).toBe('argon2id m=19456 KiB, t=2, p=1');
    expect(await hasher.hash('pw')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hasher.hash('same'), hasher.hash('same')]);
    expect(a).not.toBe(b);
    expect(await hasher.verify(a, 'same')).toBe(true);
    expect(await hasher.verify(b, 'same')).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hashed = await hasher.hash('s3cret-Pässword');
    expect(await hasher.verify(hashed, 's3cret-Pässword')).toBe(true);
    expect(await hasher.verify(hashed, 's3cret-Password')).toBe(false);
    expect(await hasher.verify(hashed, '')).toBe(false);
  });

  it('verifies hashes made with other parameters (read from the hash)', async () => {
    const hashed = await new Argon2PasswordHasher({ memoryCost: 2048, timeCost: 2, parallelism: 2 }).hash('pw');
    expect(await hasher.verify(hashed, 'pw')).toBe(true);
  });

  it('returns false for malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'not a hash', '$argon2id$', '$argon2id$v=19$m=1024,t=1,p=1$bad$bad', '$2b$10$abcdefghijklmnopqrstuv']) {
      expect(await hasher.verify(bad, 'pw')).toBe(false);
    }
  });
});
