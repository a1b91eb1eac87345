import { ConflictError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { IdentityDeps } from './identity-deps.js';
import type { AccountRecord } from './identity-ports.js';
import { requireCurrentPassword } from './password-check.js';
import { readPersonalData } from './personal-data.js';
import { SecondFactor, WRONG_SECOND_FACTOR, type SecondFactorCodes } from './second-factor.js';
import { runUserCommand } from './user-aggregate.js';

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

  /** Needs the current password, so a stolen session alone cannot turn two-factor on and lock the owner out. */
  async begin(userId: string, password: string, ctx: CommandContext): Promise<TwoFactorSetup> {
    const account = await this.account(userId);
    if (account.twoFactor.enabled) throw new ConflictError('two-factor authentication is already enabled; disable it first to set up a new device');
    await requireCurrentPassword(this.deps, account, password, 'password', ctx.now);
    const personal = await readPersonalData(this.deps.store, this.deps.vault, userId);
    const { twoFactorCodes } = this.deps;
    const secret = twoFactorCodes.newSecret();
    await this.deps.credentials.setPendingTwoFactorSecret(userId, secret);
    const uri = twoFactorCodes.otpauthUri({ issuer: this.deps.settings.totpIssuer, account: personal?.email ?? userId, secret });
    return { secret, otpauthUri: uri, qrCodeSvg: await twoFactorCodes.qrCodeSvg(uri) };
  }

  /**
   * The first code proves the app holds the secret; answers the ten recovery codes, shown this once.
   * The log decides first: its decider refuses a second enable, so of two confirmations racing,
   * exactly one goes on to store its recovery codes.
   */
  async confirm(userId: string, code: string, ctx: CommandContext): Promise<{ recoveryCodes: string[] }> {
    const account = await this.account(userId);
    if (account.twoFactor.enabled) throw new ConflictError('two-factor authentication is already enabled');
    const pending = account.twoFactor.pendingSecret;
    if (!pending) throw new ConflictError('start the two-factor set-up first');
    const { twoFactorCodes } = this.deps;
    const step = twoFactorCodes.verify(pending, code, ctx.now);
    if (step === null) throw new ValidationError([{ field: 'code', message: 'the code does not match; check the clock of the device and try the current code' }]);
    await runUserCommand(this.deps.store, { type: 'EnableTwoFactor', data: { userId } }, ctx);
    const recoveryCodes = twoFactorCodes.newRecoveryCodes(10);
    try {
      await this.deps.credentials.enableTwoFactor(userId, pending, recoveryCodes.map((c) => twoFactorCodes.hashRecoveryCode(c)), step);
    } catch (err) {
      // The secret did not become active after all: take the log back so the two agree.
      await runUserCommand(this.deps.store, { type: 'DisableTwoFactor', data: { userId } }, ctx).catch((undo: unknown) =>
        this.deps.log.error('taking back a two-factor enable failed', { userId, error: String(undo) }),
      );
      throw err;
    }
    return { recoveryCodes };
  }

  /**
   * Needs the password and a current code (or recovery code), so a stolen session alone cannot
   * turn it off. A wrong code is a 422 on its field: the caller's session is fine, so no 401.
   */
  async disable(userId: string, proof: { password: string } & SecondFactorCodes, ctx: CommandContext): Promise<void> {
    const account = await this.account(userId);
    if (!account.twoFactor.enabled) throw new ConflictError('two-factor authentication is not enabled');
    const field = proof.totp === undefined && proof.recoveryCode !== undefined ? 'recoveryCode' : 'totp';
    if (proof.totp === undefined && proof.recoveryCode === undefined) {
      throw new ValidationError([{ field, message: 'send the code from your authenticator app (totp) or a recovery code' }]);
    }
    await requireCurrentPassword(this.deps, account, proof.password, 'password', ctx.now);
    if ((await this.secondFactor.check(account, proof, ctx)) === null) throw new ValidationError([{ field, message: WRONG_SECOND_FACTOR }]);
    await this.deps.credentials.disableTwoFactor(userId);
    await runUserCommand(this.deps.store, { type: 'DisableTwoFactor', data: { userId } }, ctx);
  }

  private async account(userId: string): Promise<AccountRecord> {
    const account = await this.deps.credentials.findById(userId);
    if (!account) throw new UnauthenticatedError('the account no longer exists');
    return account;
  }
}
