import type { Logger } from '../../platform/tokens.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { Mailer } from '../../shared/mail/mailer.js';
import type { AccountType } from '../domain/identity.events.js';
import type { AccessTokens, AttemptLimiter, CredentialStore, OneTimeTokens, PasswordHasher, PersonalDataVault, SessionStore, TwoFactorCodes } from './identity-ports.js';

/** Everything the identity use cases need, injected by the container. */
export interface IdentityDeps {
  store: EventStore;
  hasher: PasswordHasher;
  vault: PersonalDataVault;
  credentials: CredentialStore;
  sessions: SessionStore;
  tokens: AccessTokens;
  oneTimeTokens: OneTimeTokens;
  limiter: AttemptLimiter;
  twoFactorCodes: TwoFactorCodes;
  mailer: Mailer;
  settings: IdentitySettings;
  /** For work finished after the answer was sent (emails whose timing must not leak anything). */
  log: Logger;
}

export interface IdentitySettings {
  /** Public URL of the web client; emailed links point there. */
  publicUrl: string;
  /** Account types a person may pick when registering here. */
  registrationAccountTypes: readonly AccountType[];
  verifyEmailTtlSeconds: number;
  passwordResetTtlSeconds: number;
  /** Name shown in authenticator apps. */
  totpIssuer: string;
}
