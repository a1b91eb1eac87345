import { UnauthenticatedError, ValidationError, TooManyAttemptsError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { passwordPolicyIssues } from '../domain/password-policy.js';
import { clientAddress, identifierKey } from './attempt-keys.js';
import type { IdentityDeps } from './identity-deps.js';
import { passwordChangedEmail, passwordResetEmail } from './identity-emails.js';
import { requireCurrentPassword } from './password-check.js';
import { readPersonalData } from './personal-data.js';
import { actingAs, loadUser, recordLoginEvent, runUserCommand } from './user-aggregate.js';

/** Forgotten passwords (emailed one-time link) and changing a known one. */
export class Passwords {
  constructor(private readonly deps: IdentityDeps) {}

  /** Always answers the same, whether or not the address has an account. */
  async request(email: string, ctx: CommandContext): Promise<void> {
    const { limiter } = this.deps;
    const wait = Math.max(await limiter.consume('password-reset-ip', clientAddress(ctx), ctx.now), await limiter.consume('password-reset', identifierKey(email), ctx.now));
    if (wait > 0) throw new TooManyAttemptsError(wait, 'too many password reset requests');
    // Whether the address has an account must show neither in the answer nor in its timing nor
    // in a mail outage: the lookup and the email happen after the answer is sent.
    void this.sendResetLink(email, ctx).catch((error: unknown) => this.deps.log.error('password reset email failed', { error: String(error) }));
  }

  private async sendResetLink(email: string, ctx: CommandContext): Promise<void> {
    const { credentials, store, vault, oneTimeTokens, settings, mailer } = this.deps;
    const account = await credentials.findByLogin(email);
    if (!account || account.email.toLowerCase() !== email.toLowerCase()) return;
    const user = await loadUser(store, account.userId);
    if (user.status !== 'active') return;
    const personal = await readPersonalData(store, vault, account.userId);
    const token = await oneTimeTokens.issue('reset-password', account.userId, ctx.now, settings.passwordResetTtlSeconds);
    await runUserCommand(store, { type: 'RecordPasswordResetRequest', data: { userId: account.userId } }, actingAs(ctx, account.userId));
    const link = `${settings.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await mailer.send(passwordResetEmail({ to: account.email, displayName: personal?.displayName ?? '', link, locale: user.locale, expiresInMinutes: Math.round(settings.passwordResetTtlSeconds / 60) }));
  }

  /** Sets the new password and signs the person out everywhere (whoever knew the old one too). */
  async complete(token: string, newPassword: string, ctx: CommandContext): Promise<void> {
    const { oneTimeTokens, credentials } = this.deps;
    const userId = await oneTimeTokens.peek('reset-password', token, ctx.now);
    const account = userId ? await credentials.findById(userId) : null;
    if (!userId || !account) throw new ValidationError([{ field: 'token', message: 'the reset link is invalid, expired or already used; ask for a new one' }]);
    this.checkPolicy(newPassword, account);
    // Checked before, used up now: a policy failure must not burn the link.
    if ((await oneTimeTokens.consume('reset-password', token, ctx.now)) !== userId) {
      throw new ValidationError([{ field: 'token', message: 'the reset link is invalid, expired or already used; ask for a new one' }]);
    }
    await this.setPassword(userId, newPassword, null, actingAs(ctx, userId));
    await this.deps.limiter.reset('login-account', userId);
  }

  /** Signs the person out of every session but the caller's (`sessionId`): whoever else knew the old password is out. */
  async change(userId: string, sessionId: string, currentPassword: string, newPassword: string, ctx: CommandContext): Promise<void> {
    const account = await this.deps.credentials.findById(userId);
    if (!account) throw new UnauthenticatedError('the account no longer exists');
    await requireCurrentPassword(this.deps, account, currentPassword, 'currentPassword', ctx.now);
    this.checkPolicy(newPassword, account);
    await this.setPassword(userId, newPassword, sessionId, ctx);
  }

  private checkPolicy(password: string, account: { email: string; username: string }): void {
    const issues = passwordPolicyIssues(password, account, 'newPassword');
    if (issues.length > 0) throw new ValidationError(issues);
  }

  /** `keepSessionId`: the session of a signed-in change, which carries on; null (a reset) ends them all. */
  private async setPassword(userId: string, password: string, keepSessionId: string | null, ctx: CommandContext): Promise<void> {
    const { credentials, hasher, sessions, store, vault, mailer } = this.deps;
    await credentials.setPasswordHash(userId, await hasher.hash(password));
    if (keepSessionId === null) await sessions.revokeAllOf(userId, ctx.now, 'password-changed');
    else await sessions.revokeAllExcept(userId, keepSessionId, ctx.now, 'password-changed');
    const via = keepSessionId === null ? 'reset' : 'change';
    const { state } = await runUserCommand(store, { type: 'RecordPasswordChange', data: { userId, via } }, ctx);
    await recordLoginEvent(store, { type: 'UserSessionRevoked', data: { userId, sessionId: null, reason: 'password-changed' } }, ctx);
    const personal = await readPersonalData(store, vault, userId);
    if (personal && state.status === 'active') {
      // A notice only; the change stands even if the mail server is down.
      await mailer.send(passwordChangedEmail({ to: personal.email, displayName: personal.displayName, locale: state.locale })).catch(() => undefined);
    }
  }
}
