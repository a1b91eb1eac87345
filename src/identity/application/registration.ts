import { ConflictError, NotFoundError, TooManyAttemptsError, ValidationError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { AccountType, PersonalData } from '../domain/identity.events.js';
import { passwordPolicyIssues } from '../domain/password-policy.js';
import { clientAddress } from './attempt-keys.js';
import type { IdentityDeps } from './identity-deps.js';
import { verificationEmail } from './identity-emails.js';
import { DuplicateAccountError } from './identity-ports.js';
import { readPersonalData } from './personal-data.js';
import { actingAs, activeUser, loadUser, runUserCommand } from './user-aggregate.js';

/** Long enough that no registration still in progress is mistaken for an abandoned one. */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** The role a new account starts with; hoteliers get their hotels from an admin. */
const INITIAL_ROLE: Record<AccountType, string> = {
  employee: 'booker',
  client: 'client',
  guest: 'guest',
  hotelier: 'viewer',
};

export interface RegisterInput {
  email: string;
  username: string;
  displayName: string;
  password: string;
  accountType: AccountType;
  locale: string;
  timeZone: string;
}

export interface RegisteredAccount {
  userId: string;
  accountType: AccountType;
  roles: string[];
  /** False when the mail server could not be reached; the person can ask for the link again. */
  verificationEmailSent: boolean;
}

/** Registration and email verification. */
export class Registration {
  constructor(private readonly deps: IdentityDeps) {}

  /**
   * `emailVerified`: the address is known to be right (an account an admin or the demo seeder
   * creates), so no link is sent. Sign-ups over HTTP are limited per address, counted before
   * the password is hashed; in-process callers (the demo seeder, test set-up) carry no request.
   */
  async register(input: RegisterInput, ctx: CommandContext, options: { emailVerified?: boolean } = {}): Promise<RegisteredAccount> {
    const { settings, credentials, hasher, vault, store, limiter } = this.deps;
    if (!settings.registrationAccountTypes.includes(input.accountType)) {
      throw new ValidationError([{ field: 'accountType', message: `${input.accountType} accounts cannot be registered here; choose one of ${settings.registrationAccountTypes.join(', ')}` }]);
    }
    const issues = passwordPolicyIssues(input.password, input);
    if (issues.length > 0) throw new ValidationError(issues);
    if (ctx.request) {
      const wait = await limiter.consume('register-ip', clientAddress(ctx), ctx.now);
      if (wait > 0) throw new TooManyAttemptsError(wait, 'too many accounts registered from this address');
    }

    const userId = ctx.newId();
    await this.createCredentials({ userId, email: input.email, username: input.username, passwordHash: await hasher.hash(input.password) }, ctx.now);
    const personal: PersonalData = { email: input.email, username: input.username, displayName: input.displayName, photoUrl: null, bio: null };
    const initialRole = INITIAL_ROLE[input.accountType];
    try {
      await runUserCommand(
        store,
        { type: 'RegisterUser', data: { userId, accountType: input.accountType, personal: await vault.seal(userId, personal), locale: input.locale, timeZone: input.timeZone, initialRole } },
        actingAs(ctx, userId),
      );
    } catch (err) {
      // Nothing was recorded: free the email and username again.
      await credentials.delete(userId);
      throw err;
    }
    if (options.emailVerified) {
      await runUserCommand(store, { type: 'VerifyEmail', data: { userId } }, ctx);
      return { userId, accountType: input.accountType, roles: [initialRole], verificationEmailSent: false };
    }
    // The account exists either way; a mail outage must not turn registration into an error.
    const verificationEmailSent = await this.sendVerification(userId, personal, input.locale, ctx.now).then(() => true, () => false);
    return { userId, accountType: input.accountType, roles: [initialRole], verificationEmailSent };
  }

  /** Sends a fresh link (voiding earlier ones) to a registered, unverified address; a few an hour. */
  async resendVerification(userId: string, ctx: CommandContext): Promise<void> {
    const user = await activeUser(this.deps.store, userId);
    if (user.emailVerified) throw new ConflictError('the email address is already verified');
    const wait = await this.deps.limiter.consume('verification-email', userId, ctx.now);
    if (wait > 0) throw new TooManyAttemptsError(wait, 'too many verification emails requested');
    const personal = await readPersonalData(this.deps.store, this.deps.vault, userId);
    if (!personal) throw new NotFoundError('user', userId);
    await this.sendVerification(userId, personal, user.locale, ctx.now);
  }

  async verifyEmail(token: string, ctx: CommandContext): Promise<{ userId: string }> {
    const userId = await this.deps.oneTimeTokens.consume('verify-email', token, ctx.now);
    if (!userId) throw new ValidationError([{ field: 'token', message: 'the link is invalid, expired or already used; ask for a new one' }]);
    await runUserCommand(this.deps.store, { type: 'VerifyEmail', data: { userId } }, actingAs(ctx, userId));
    return { userId };
  }

  private async createCredentials(account: { userId: string; email: string; username: string; passwordHash: string }, now: Date): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.credentials.create(account);
      } catch (err) {
        if (!(err instanceof DuplicateAccountError)) throw err;
        if (attempt === 1 && (await this.reclaimAbandoned(account[err.field], now))) continue;
        throw new ConflictError(err.field === 'email' ? 'an account with this email address already exists' : `the username ${account.username} is already taken`);
      }
    }
  }

  /**
   * A registration that died between storing the credentials and recording the account leaves a
   * row that no account owns; after a while its email and username are free again.
   */
  private async reclaimAbandoned(identifier: string, now: Date): Promise<boolean> {
    const holder = await this.deps.credentials.findByLogin(identifier);
    if (!holder || now.getTime() - holder.createdAt.getTime() < ABANDONED_AFTER_MS) return false;
    if ((await loadUser(this.deps.store, holder.userId)).status !== 'absent') return false;
    await this.deps.credentials.delete(holder.userId);
    return true;
  }

  private async sendVerification(userId: string, personal: PersonalData, locale: string, now: Date): Promise<void> {
    const { oneTimeTokens, settings, mailer } = this.deps;
    const token = await oneTimeTokens.issue('verify-email', userId, now, settings.verifyEmailTtlSeconds);
    const link = `${settings.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
    await mailer.send(verificationEmail({ to: personal.email, displayName: personal.displayName, link, locale }));
  }
}
