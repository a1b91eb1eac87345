import type { Profiles } from '../../identity/application/profiles.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import type { Recipients } from './delivery-ports.js';

/** Recipients read from the identity context's profiles: an erased or unknown person is null. */
export function profileRecipients(profiles: Pick<Profiles, 'get'>): Recipients {
  return {
    async contactOf(userId) {
      try {
        const { email, emailVerified, displayName, locale, timeZone } = await profiles.get(userId);
        return { email, emailVerified, displayName, locale, timeZone };
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    },
  };
}
