import { describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  otpauthUri,
  qrCodeSvg,
  totpCode,
  totpStep,
  verifyTotp,
} from './totp.js';

/** ASCII "12345678901234567890", the RFC 6238 Appendix B SHA1 seed, in base32. */
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches the RFC 6238 SHA1 vector at T=%i', (seconds, expected) => {
    expect(totpCode(RFC_SECRET, totpStep(at(seconds)), 8)).toBe(expected);
    // The 6-digit code is the same number modulo 10^6.
    expect(totpCode(RFC_SECRET, totpStep(at(seconds)))).toBe(expected.slice(2));
  });

  it('steps every 30 seconds from the epoch', () => {
    expect(totpStep(at(0))).toBe(0);
    expect(totpStep(at(29))).toBe(0);
    expect(totpStep(at(30))).toBe(1);
    expect(totpStep(at(1111111109))).toBe(0x23523ec);
  });

  it('accepts lower-case and padded secrets', () => {
    expect(totpCode(RFC_SECRET.toLowerCase(), 1)).toBe(totpCode(RFC_SECRET, 1));
    expect(totpCode(`${RFC_SECRET}====`, 1)).toBe(totpCode(RFC_SECRET, 1));
  });

  it('refuses a non-base32 secret without echoing it', () => {
    expect(() => totpCode('not!base32', 1)).toThrow('TOTP secret is not valid base32');
  });

  it('new secrets are 20 random bytes in unpadded base32', () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(a);
  });

  describe('verifyTotp', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-03-01T10:00:10Z');
    const step = totpStep(now);

    it('returns the step of the current code', () => {
      expect(verifyTotp(secret, totpCode(secret, step), now)).toBe(step);
    });

    it('tolerates one step of drift either side by default, and no more', () => {
      expect(verifyTotp(secret, totpCode(secret, step - 1), now)).toBe(step - 1);
      expect(verifyTotp(secret, totpCode(secret, step + 1), now)).toBe(step + 1);
      const farCodes = [step - 2, step + 2].map((s) => totpCode(secret, s));
      const nearCodes = [step - 1, step, step + 1].map((s) => totpCode(secret, s));
      for (const code of farCodes.filter((c) => !nearCodes.includes(c))) {
        expect(verifyTotp(secret, code, now)).toBeNull();
      }
    });

    it('honours a wider or a zero window', () => {
      expect(verifyTotp(secret, totpCode(secret, step - 2), now, 2)).toBe(step - 2);
      const previous = totpCode(secret, step - 1);
      if (previous !== totpCode(secret, step)) expect(verifyTotp(secret, previous, now, 0)).toBeNull();
    });

    it('rejects anything but six digits', () => {
      const code = totpCode(secret, step);
      for (const bad of ['', '12345', '1234567', `${code} `, ` ${code}`, 'abcdef', `${code}0`, '12 456', '-12345']) {
        expect(verifyTotp(secret, bad, now)).toBeNull();
      }
    });

    it('rejects the code of another secret', () => {
      const other = newTotpSecret();
      const code = totpCode(other, step);
      const mine = [step - 1, step, step + 1].map((s) => totpCode(secret, s));
      if (!mine.includes(code)) expect(verifyTotp(secret, code, now)).toBeNull();
    });
  });

  describe('otpauthUri', () => {
    it('builds the key URI with every parameter', () => {
      expect(otpauthUri({ issuer: 'Reserva', account: 'ada@example.com', secret: RFC_SECRET })).toBe(
        `otpauth://totp/Reserva:ada%40example.com?secret=${RFC_SECRET}&issuer=Reserva&algorithm=SHA1&digits=6&period=30`,
      );
    });

    it('percent-encodes issuer and account, spaces as %20', () => {
      const uri = otpauthUri({ issuer: 'Acme & Co: Rooms', account: 'jo doe?x=1', secret: RFC_SECRET });
      expect(uri).toBe(
        `otpauth://totp/Acme%20%26%20Co%3A%20Rooms:jo%20doe%3Fx%3D1?secret=${RFC_SECRET}&issuer=Acme%20%26%20Co%3A%20Rooms&algorithm=SHA1&digits=6&period=30`,
      );
      const parsed = new URL(uri);
      expect(parsed.searchParams.get('issuer')).toBe('Acme & Co: Rooms');
      expect(parsed.searchParams.get('secret')).toBe(RFC_SECRET);
    });
  });

  it('renders the URI as an SVG QR code', async () => {
    const svg = await qrCodeSvg(otpauthUri({ issuer: 'Reserva', account: 'ada', secret: RFC_SECRET }));
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<path');
    expect(svg).not.toContain(RFC_SECRET);
  });
});

describe('recovery codes', () => {
  it('are ten distinct xxxx-xxxx-xxxx codes of lower-case base32 (60 bits)', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect(newRecoveryCodes(3)).toHaveLength(3);
  });

  it('hash to sha256 hex of the normalised code, so any spelling finds the same hash', () => {
    const [code] = newRecoveryCodes(1);
    const hash = hashRecoveryCode(code);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode(code.toUpperCase())).toBe(hash);
    expect(hashRecoveryCode(code.replaceAll('-', ''))).toBe(hash);
    expect(hashRecoveryCode(` ${code.replaceAll('-', ' ')} `)).toBe(hash);
    // sha256("abcdefghijkl")
    expect(hashRecoveryCode('ABCD-efgh ijkl')).toBe('d682ed4ca4d989c134ec94f1551e1ec580dd6d5a6ecde9f3d35e6e4a717fbde4');
    expect(hashRecoveryCode(newRecoveryCodes(1)[0])).not.toBe(hash);
  });
});
