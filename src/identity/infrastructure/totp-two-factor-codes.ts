import type { TwoFactorCodes } from '../application/identity-ports.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, qrCodeSvg, verifyTotp } from './totp.js';

/** TwoFactorCodes over our RFC 6238 implementation (HMAC-SHA1, 6 digits, 30 s, ±1 step). */
export class TotpTwoFactorCodes implements TwoFactorCodes {
  newSecret(): string {
    return newTotpSecret();
  }

  verify(secret: string, code: string, now: Date): number | null {
    return verifyTotp(secret, code, now);
  }

  otpauthUri(params: { issuer: string; account: string; secret: string }): string {
    return otpauthUri(params);
  }

  qrCodeSvg(uri: string): Promise<string> {
    return qrCodeSvg(uri);
  }

  newRecoveryCodes(count: number): string[] {
    return newRecoveryCodes(count);
  }

  hashRecoveryCode(code: string): string {
    return hashRecoveryCode(code);
  }
}
