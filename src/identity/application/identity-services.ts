import { hasPermission } from '../../shared/application/authorize.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { PERMISSIONS } from '../domain/permissions.js';
import { AccessResolver } from './access-resolver.js';
import { Erasure } from './erasure.js';
import type { IdentityDeps } from './identity-deps.js';
import { identityHistory, type IdentityHistoryEntry } from './identity-history.js';
import { Passwords } from './passwords.js';
import { Profiles } from './profiles.js';
import { Registration } from './registration.js';
import { RoleManagement } from './role-management.js';
import { SignIn } from './sign-in.js';
import { TwoFactorEnrolment } from './two-factor-enrolment.js';

/** Every identity use case, one object per concern, built on the same ports. */
export class IdentityServices {
  readonly registration: Registration;
  readonly signIn: SignIn;
  readonly twoFactor: TwoFactorEnrolment;
  readonly passwords: Passwords;
  readonly profiles: Profiles;
  readonly roles: RoleManagement;
  readonly erasure: Erasure;
  readonly access: AccessResolver;

  /** The ports underneath, for adapters that need one directly (the HTTP authenticator). */
  constructor(readonly deps: IdentityDeps) {
    this.registration = new Registration(deps);
    this.signIn = new SignIn(deps);
    this.twoFactor = new TwoFactorEnrolment(deps);
    this.passwords = new Passwords(deps);
    this.profiles = new Profiles(deps);
    this.roles = new RoleManagement(deps.store);
    this.access = new AccessResolver(deps.store);
    this.erasure = new Erasure(deps, this.access);
  }

  /** Others' request data (IP, user agent) in it is opened only for readers holding audit.read everywhere. */
  history(userId: string, reader: Pick<CommandContext, 'permissions' | 'sitePermissions'>): Promise<IdentityHistoryEntry[] | null> {
    return identityHistory(this.deps.store, this.deps.vault, userId, { opensOthersRequests: hasPermission(reader, PERMISSIONS.auditRead) });
  }

  jwks(now: Date) {
    return this.deps.tokens.jwks(now);
  }
}
