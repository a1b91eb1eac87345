import { executeCommand, fold } from '../../shared/application/execute-command.js';
import { NotFoundError, PreconditionFailedError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { UserCommand } from '../domain/identity.commands.js';
import { userStream, type NotificationPreferences, type NotificationSettings, type PersonalData } from '../domain/identity.events.js';
import { userDecider, type User } from '../domain/user.decider.js';
import type { IdentityDeps } from './identity-deps.js';
import { latestSealedPersonalData } from './personal-data.js';

export interface ProfileChange {
  displayName?: string;
  photoUrl?: string | null;
  bio?: string | null;
  locale?: string;
  timeZone?: string;
  notificationPreferences?: NotificationPreferences;
  notificationSettings?: NotificationSettings;
}

export interface Profile extends PersonalData {
  userId: string;
  accountType: User['accountType'];
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  locale: string;
  timeZone: string;
  notificationPreferences: NotificationPreferences;
  notificationSettings: NotificationSettings;
  roles: User['grants'];
  /** Revision of the person's stream: the profile's ETag. */
  revision: number;
}

/** A person's own profile, read from the write side (read-your-writes). */
export class Profiles {
  constructor(private readonly deps: Pick<IdentityDeps, 'store' | 'vault'>) {}

  async get(userId: string): Promise<Profile> {
    const events = await this.deps.store.readStream(userStream(userId));
    const { state, revision } = fold(events, userDecider);
    const sealed = latestSealedPersonalData(events);
    const personal = state.status === 'active' && sealed ? await this.deps.vault.open<PersonalData>(sealed) : null;
    if (state.status !== 'active' || !personal) throw new NotFoundError('user', userId);
    return profileOf(state, personal, revision);
  }

  /**
   * Merges the change onto the profile as it stands. Without `expectedRevision` a concurrent
   * change is merged again rather than overwritten; with it (If-Match) the caller hears 412.
   */
  async update(userId: string, change: ProfileChange, expectedRevision: number | undefined, ctx: CommandContext): Promise<Profile> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.get(userId);
      if (expectedRevision !== undefined && expectedRevision !== current.revision) throw new PreconditionFailedError(expectedRevision, current.revision);
      const personal: PersonalData = {
        email: current.email,
        username: current.username,
        displayName: change.displayName ?? current.displayName,
        photoUrl: change.photoUrl === undefined ? current.photoUrl : change.photoUrl,
        bio: change.bio === undefined ? current.bio : change.bio,
      };
      const locale = change.locale ?? current.locale;
      const timeZone = change.timeZone ?? current.timeZone;
      const notificationPreferences = change.notificationPreferences ?? current.notificationPreferences;
      const notificationSettings = change.notificationSettings ?? current.notificationSettings;
      const unchanged = (['displayName', 'photoUrl', 'bio'] as const).every((k) => personal[k] === current[k])
        && locale === current.locale && timeZone === current.timeZone
        && JSON.stringify(notificationPreferences) === JSON.stringify(current.notificationPreferences)
        && JSON.stringify(notificationSettings) === JSON.stringify(current.notificationSettings);
      if (unchanged) return current;
      const personalSealed = await this.deps.vault.seal(userId, personal);
      const command: UserCommand = { type: 'UpdateProfile', data: { userId, personal: personalSealed, locale, timeZone, notificationPreferences, notificationSettings } };
      try {
        const { state, revision } = await executeCommand(this.deps.store, userStream(userId), userDecider, () => command, ctx, { ifMatch: current.revision });
        if (state.status !== 'active') throw new NotFoundError('user', userId);
        return profileOf(state, personal, revision);
      } catch (err) {
        if (err instanceof PreconditionFailedError && expectedRevision === undefined && attempt < 5) continue;
        throw err;
      }
    }
  }
}

function profileOf(user: User, personal: PersonalData, revision: number): Profile {
  const { userId, accountType, emailVerified, twoFactorEnabled, locale, timeZone, notificationPreferences, notificationSettings, grants } = user;
  return { userId, ...personal, accountType, emailVerified, twoFactorEnabled, locale, timeZone, notificationPreferences, notificationSettings, roles: grants, revision };
}
