import { NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { NotificationPreferences, PersonalData } from '../domain/identity.events.js';
import type { User } from '../domain/user.decider.js';
import type { IdentityDeps } from './identity-deps.js';
import { readPersonalData } from './personal-data.js';
import { activeUser, runUserCommand } from './user-aggregate.js';

export interface ProfileChange {
  displayName?: string;
  photoUrl?: string | null;
  bio?: string | null;
  locale?: string;
  timeZone?: string;
  notificationPreferences?: NotificationPreferences;
}

export interface Profile extends PersonalData {
  userId: string;
  accountType: User['accountType'];
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  locale: string;
  timeZone: string;
  notificationPreferences: NotificationPreferences;
  roles: User['grants'];
}

/** A person's own profile, read from the write side (read-your-writes). */
export class Profiles {
  constructor(private readonly deps: Pick<IdentityDeps, 'store' | 'vault'>) {}

  async get(userId: string): Promise<Profile> {
    const user = await activeUser(this.deps.store, userId);
    const personal = await readPersonalData(this.deps.store, this.deps.vault, userId);
    if (!personal) throw new NotFoundError('user', userId);
    return this.profileOf(user, personal);
  }

  async update(userId: string, change: ProfileChange, ctx: CommandContext): Promise<Profile> {
    const current = await this.get(userId);
    const personal: PersonalData = {
      email: current.email,
      username: current.username,
      displayName: change.displayName ?? current.displayName,
      photoUrl: change.photoUrl === undefined ? current.photoUrl : change.photoUrl,
      bio: change.bio === undefined ? current.bio : change.bio,
    };
    const notificationPreferences = change.notificationPreferences ?? current.notificationPreferences;
    const { state } = await runUserCommand(
      this.deps.store,
      {
        type: 'UpdateProfile',
        data: { userId, personal: await this.deps.vault.seal(userId, personal), locale: change.locale ?? current.locale, timeZone: change.timeZone ?? current.timeZone, notificationPreferences },
      },
      ctx,
    );
    if (state.status !== 'active') throw new NotFoundError('user', userId);
    return this.profileOf(state, personal);
  }

  private profileOf(user: User, personal: PersonalData): Profile {
    const { userId, accountType, emailVerified, twoFactorEnabled, locale, timeZone, notificationPreferences, grants } = user;
    return { userId, ...personal, accountType, emailVerified, twoFactorEnabled, locale, timeZone, notificationPreferences, roles: grants };
  }
}
