import { TooManyAttemptsError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { LoginMethod } from '../domain/identity.events.js';
import type { IdentityDeps } from './identity-deps.js';
import type { AccountRecord } from './identity-ports.js';
import { runUserCommand } from './user-aggregate.js';

export const WRONG_SECOND_FACTOR = 'the two-factor code is wrong or was already used';

export interface SecondFactorCodes {
  totp?: string | undefined;
  recoveryCode?: string | undefined;
}

/** Checks a TOTP or recovery code for an account with two-factor on; rate-limited per account. */
export class SecondFactor {
  constructor(private readonly deps: Pick<IdentityDeps, 'limiter' | 'credentials' | 'store' | 'twoFactorCodes'>) {}

  /**
   * The method that passed, or null for a wrong or replayed code (the caller decides how to say
   * so). Every check is counted before it runs, so parallel guesses cannot outrun the limit:
   * past it, TooManyAttemptsError without looking at the code.
   */
  async check(account: AccountRecord, codes: SecondFactorCodes, ctx: CommandContext): Promise<Exclude<LoginMethod, 'password'> | null> {
    const { limiter, credentials, twoFactorCodes } = this.deps;
    const { userId } = account;
    const wait = await limiter.consume('two-factor', userId, ctx.now);
    if (wait > 0) throw new TooManyAttemptsError(wait, 'too many wrong two-factor codes');
    if (codes.totp !== undefined && account.twoFactor.secret) {
      const step = twoFactorCodes.verify(account.twoFactor.secret, codes.totp, ctx.now);
      // A code is good once: replaying an observed code inside its window is refused.
      if (step !== null && (await credentials.useTotpStep(userId, step))) return this.passed(userId, 'password+totp');
    } else if (codes.recoveryCode !== undefined && (await credentials.consumeRecoveryCode(userId, twoFactorCodes.hashRecoveryCode(codes.recoveryCode)))) {
      const remaining = (await credentials.findById(userId))?.twoFactor.recoveryCodeHashes.length ?? 0;
      await runUserCommand(this.deps.store, { type: 'RecordRecoveryCodeUse', data: { userId, remaining } }, ctx);
      return this.passed(userId, 'password+recovery-code');
    }
    return null;
  }

  private async passed<M extends Exclude<LoginMethod, 'password'>>(userId: string, method: M): Promise<M> {
    await this.deps.limiter.reset('two-factor', userId);
    return method;
  }
}
