import { ConflictError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, otpauthUri, qrCodeSvg, verifyTotp } from '../infrastructure/totp.js';
import type { IdentityDeps } from './identity-deps.js';
import type { AccountRecord } from './identity-ports.js';
import { requireCurrentPassword } from './password-check.js';
import { readPersonalData } from './personal-data.js';
import { SecondFactor } from './second-factor.js';
import { activeUser, runUserCommand } from './user-aggregate.js';

export interface TwoFactorSetup {
  /** Base32, for typing into an app by hand. */
  secret: string;
  otpauthUri: string;
  /** The same URI as an SVG QR code. */
  qrCodeSvg: string;
}

/** Turning TOTP two-factor on (begin, then confirm with a first code) and off. */
export class TwoFactorEnrolment {
  private readonly secondFactor: SecondFactor;

  constructor(private readonly deps: IdentityDeps) {
    this.secondFactor = new SecondFactor(deps);
  }

  async begin(userId: string): Promise<TwoFactorSetup> {
    const account = await this.account(userId);
    if (account.twoFactor.enabled) throw new ConflictError('two-factor authentication is already enabled; disable it first to set up a new device');
    const personal = await readPersonalData(this.deps.store, this.deps.vault, userId);
    const secret = newTotpSecret();
    await this.deps.credentials.setPendingTwoFactorSecret(userId, secret);
    const uri = otpauthUri({ issuer: this.deps.settings.totpIssuer, account: personal?.email ?? userId, secret });
    return { secret, otpauthUri: uri, qrCodeSvg: await qrCodeSvg(uri) };
  }

  /** The first code proves the app holds the secret; answers the ten recovery codes, shown this once. */
  async confirm(userId: string, code: string, ctx: CommandContext): Promise<{ recoveryCodes: string[] }> {
    const account = await this.account(userId);
    if (account.twoFactor.enabled) throw new ConflictError('two-factor authentication is already enabled');
    const pending = account.twoFactor.pendingSecret;
    if (!pending) throw new ConflictError('start the two-factor set-up first');
    const step = verifyTotp(pending, code, ctx.now);
    if (step === null) throw new ValidationError([{ field: 'code', message: 'the code does not match; check the clock of the device and try the current code' }]);
    await activeUser(this.deps.store, userId);
    const recoveryCodes = newRecoveryCodes(10);
    await this.deps.credentials.enableTwoFactor(userId, recoveryCodes.map(hashRecoveryCode), step);
    await runUserCommand(this.deps.store, { type: 'EnableTwoFactor', data: { userId } }, ctx);
    return { recoveryCodes };
  }

  /** Needs the password and a current code (or recovery code), so a stolen session alone cannot turn it off. */
  async disable(userId: string, proof: { password: string; totp?: string | undefined; recoveryCode?: string | undefined }, ctx: CommandContext): Promise<void> {
    const account = await this.account(userId);
    if (!account.twoFactor.enabled) throw new ConflictError('two-factor authentication is not enabled');
    await requireCurrentPassword(this.deps, account, proof.password, 'password', ctx.now);
    await this.secondFactor.check(account, proof, ctx);
    await this.deps.credentials.disableTwoFactor(userId);
    await runUserCommand(this.deps.store, { type: 'DisableTwoFactor', data: { userId } }, ctx);
  }

  private async account(userId: string): Promise<AccountRecord> {
    const account = await this.deps.credentials.findById(userId);
    if (!account) throw new UnauthenticatedError('the account no longer exists');
    return account;
  }
}
