import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode, totpStep, verifyTotp } from './totp.js';

/** Interoperability with an independent implementation: Debian's oathtool (oath-toolkit). */
const OATHTOOL = '/usr/bin/oathtool';
const available = existsSync(OATHTOOL);
const inCi = process.env.CI === 'true';

function oathtool(secret: string, now: Date): string {
  // `@<epoch seconds>` is oathtool's (GNU parse_datetime) syntax for an exact instant.
  return execFileSync(OATHTOOL, ['--totp', '-b', secret, '--now', `@${Math.floor(now.getTime() / 1000)}`], { encoding: 'utf8' }).trim();
}

// Skipped on a machine without oathtool, but CI must have it: there a missing tool fails.
it.runIf(!available && inCi)('oathtool is installed (required when CI=true)', () => {
  expect.fail(`${OATHTOOL} is required when CI=true (apt-get install oathtool)`);
});

describe.skipIf(!available)(
  available ? 'TOTP interoperability with oathtool' : `TOTP interoperability with oathtool — SKIPPED: ${OATHTOOL} not installed (apt-get install oathtool)`,
  () => {
    const secrets = [newTotpSecret(), newTotpSecret(), newTotpSecret(), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'];
    const instants = [
      new Date('1970-01-01T00:00:59Z'),
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-06-15T12:34:29Z'),
      new Date('2026-06-15T12:34:30Z'),
      new Date('2038-01-19T03:14:08Z'),
      new Date('2100-12-31T23:59:59Z'),
    ];

    it.each(secrets.map((secret, i) => [i, secret] as const))('agrees with oathtool for secret #%i', (_i, secret) => {
      for (const now of instants) {
        const theirs = oathtool(secret, now);
        expect(theirs).toMatch(/^\d{6}$/);
        expect(totpCode(secret, totpStep(now))).toBe(theirs);
        expect(verifyTotp(secret, theirs, now)).toBe(totpStep(now));
      }
    });
  },
);
