import type { Logger } from '../../platform/tokens.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { AccountType } from '../domain/identity.events.js';
import type { AccessTokens, AttemptLimiter, CredentialStore, Mailer, OneTimeTokens, PasswordHasher, PersonalDataVault, SessionStore } from './identity-ports.js';

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

/** The role a new account starts with; hoteliers get their hotels from an admin. */
export const INITIAL_ROLE: Record<AccountType, string> = {
  employee: 'booker',
  client: 'client',
  guest: 'guest',
  hotelier: 'viewer',
};
