import type pg from 'pg';
import { USER_EVENT_TYPES, type PersonalData, type UserEvent } from '../src/identity/domain/identity.events.js';
import { openSealedMany } from '../src/identity/infrastructure/postgres/postgres-personal-data-vault.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { defineProjection } from './projection.js';

/**
 * `users`: one row per person, with their personal data opened from the sealed copy in the
 * events (the keys live in schema `identity`). A person erased before a rebuild never gets a
 * row again: their key is gone.
 */
export const usersProjection = defineProjection({
  name: 'users',
  filter: { streamPrefixes: ['user-'], eventTypes: [...USER_EVENT_TYPES] },
  tables: ['users'],
  async applyBatch(client, events) {
    for (const event of events) await applyUserEvent(client, event);
  },
});

async function applyUserEvent(client: pg.PoolClient, event: RecordedEvent): Promise<void> {
  const e = event as unknown as UserEvent;
  const at = event.metadata.occurredAt;
  const stamp = (set: string, params: unknown[]) =>
    client.query(`UPDATE users SET ${set}${set ? ', ' : ''}updated_at = $2, revision = $3 WHERE user_id = $1`, [e.data.userId, at, event.revision, ...params]);
  switch (e.type) {
    case 'UserRegistered': {
      const [personal] = await openSealedMany<PersonalData>(client, [e.data.personal]);
      if (!personal) return;
      const d = e.data;
      await client.query(
        `INSERT INTO users (user_id, email, username, display_name, photo_url, bio, account_type, locale, time_zone, email_verified, two_factor_enabled, roles, registered_at, updated_at, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, false, false, '[]', $10, $10, $11)
         ON CONFLICT (user_id) DO NOTHING`,
        [d.userId, personal.email, personal.username, personal.displayName, personal.photoUrl, personal.bio, d.accountType, d.locale, d.timeZone, at, event.revision],
      );
      return;
    }
    case 'UserProfileUpdated': {
      const [personal] = await openSealedMany<PersonalData>(client, [e.data.personal]);
      if (!personal) return;
      // Every field of the sealed copy: an event that changes the email or username must show in search too.
      await stamp('email = $4, username = $5, display_name = $6, photo_url = $7, bio = $8, locale = $9, time_zone = $10', [
        personal.email, personal.username, personal.displayName, personal.photoUrl, personal.bio, e.data.locale, e.data.timeZone,
      ]);
      return;
    }
    case 'UserEmailVerified':
      await stamp('email_verified = true', []);
      return;
    case 'UserTwoFactorEnabled':
    case 'UserTwoFactorDisabled':
      await stamp('two_factor_enabled = $4', [e.type === 'UserTwoFactorEnabled']);
      return;
    case 'UserRoleGranted':
      await stamp(`roles = ${rolesWithout('$4')} || jsonb_build_array(jsonb_build_object('role', $4::text, 'siteIds', $5::jsonb))`, [e.data.role, JSON.stringify(e.data.siteIds)]);
      return;
    case 'UserRoleRevoked':
      await stamp(`roles = ${rolesWithout('$4')}`, [e.data.role]);
      return;
    case 'UserErased':
      await client.query('DELETE FROM users WHERE user_id = $1', [e.data.userId]);
      return;
    case 'UserRecoveryCodeUsed':
    case 'UserPasswordResetRequested':
    case 'UserPasswordChanged':
      await stamp('', []);
      return;
    default:
      assertNever(e);
  }
}

/** The row's role grants minus `role` (a parameter reference). */
function rolesWithout(role: string): string {
  return `(SELECT coalesce(jsonb_agg(g), '[]'::jsonb) FROM jsonb_array_elements(roles) AS g WHERE g->>'role' <> ${role}::text)`;
}
