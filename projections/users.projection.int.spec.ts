import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonalData } from '../src/identity/domain/identity.events.js';
import { PostgresPersonalDataVault } from '../src/identity/infrastructure/postgres/postgres-personal-data-vault.js';
import { ensureIdentitySchema } from '../src/identity/infrastructure/postgres/identity-schema.js';
import { createReadModelKit, type Fact, type ReadModelKit } from './projection-test-kit.js';
import { rebuildReadModel } from './rebuild.js';

const personal = (name: string, overrides: Partial<PersonalData> = {}): PersonalData => ({
  email: `${name}@example.com`, username: name, displayName: `${name[0]!.toUpperCase()}${name.slice(1)} Lima`, photoUrl: null, bio: null, ...overrides,
});
const userFact = (userId: string, type: string, data: Record<string, unknown> = {}): Fact => ({ stream: `user-${userId}`, type, data: { userId, ...data }, actor: userId });
const roleFact = (role: string, type: string, data: Record<string, unknown> = {}): Fact => ({ stream: `role-${role}`, type, data: { role, ...data }, actor: 'admin' });

describe('users and custom_roles projections', () => {
  let kit: ReadModelKit;
  let vault: PostgresPersonalDataVault;

  const registered = async (userId: string, name: string, at?: string): Promise<Fact[]> => [
    { ...userFact(userId, 'UserRegistered', { accountType: 'client', personal: await vault.seal(userId, personal(name)), locale: 'en', timeZone: 'UTC' }), ...(at ? { at } : {}) },
    userFact(userId, 'UserRoleGranted', { role: 'client', siteIds: null }),
  ];
  const row = async (userId: string, schema = kit.schema) => (await kit.pool.query(`SELECT * FROM ${schema}.users WHERE user_id = $1`, [userId])).rows[0];
  const roleRow = async (name: string) => (await kit.pool.query(`SELECT * FROM ${kit.schema}.custom_roles WHERE name = $1`, [name])).rows[0];

  beforeAll(async () => {
    kit = await createReadModelKit('proj_users');
    await ensureIdentitySchema(kit.pool);
    vault = new PostgresPersonalDataVault(kit.pool);
  });
  afterAll(() => kit?.close());

  it('a registered person appears with their personal data opened', async () => {
    await kit.record(...(await registered('ana', 'ana', '2026-01-05T10:00:00.000Z')));
    await kit.project();
    expect(await row('ana')).toEqual({
      user_id: 'ana', email: 'ana@example.com', username: 'ana', display_name: 'Ana Lima', photo_url: null, bio: null, account_type: 'client',
      locale: 'en', time_zone: 'UTC', email_verified: false, two_factor_enabled: false, roles: [{ role: 'client', siteIds: null }],
      registered_at: new Date('2026-01-05T10:00:00.000Z'), updated_at: expect.any(Date), revision: 1,
    });
  });

  it('follows profile changes, role grants and revocations, two-factor and email verification', async () => {
    await kit.record(...(await registered('bia', 'bia')));
    await kit.record(
      userFact('bia', 'UserProfileUpdated', {
        personal: await vault.seal('bia', personal('bia', { displayName: 'Beatriz Lima', photoUrl: 'https://example.com/b.png', bio: 'Hotel manager' })),
        locale: 'pt-PT', timeZone: 'Europe/Lisbon', notificationPreferences: {},
      }),
      userFact('bia', 'UserRoleGranted', { role: 'hotelier', siteIds: ['lisbon', 'porto'] }),
      userFact('bia', 'UserRoleGranted', { role: 'booker', siteIds: null }),
      userFact('bia', 'UserRoleRevoked', { role: 'client' }),
      userFact('bia', 'UserEmailVerified'),
      userFact('bia', 'UserTwoFactorEnabled'),
    );
    await kit.project();
    expect(await row('bia')).toMatchObject({
      display_name: 'Beatriz Lima', photo_url: 'https://example.com/b.png', bio: 'Hotel manager', locale: 'pt-PT', time_zone: 'Europe/Lisbon',
      email_verified: true, two_factor_enabled: true, revision: 7,
      roles: [{ role: 'hotelier', siteIds: ['lisbon', 'porto'] }, { role: 'booker', siteIds: null }],
    });

    const regrantedAt = '2026-06-01T12:00:00.000Z';
    await kit.record(
      userFact('bia', 'UserRoleGranted', { role: 'hotelier', siteIds: ['faro'] }),
      userFact('bia', 'UserTwoFactorDisabled'),
      { ...userFact('bia', 'UserPasswordChanged', { via: 'change' }), at: regrantedAt },
    );
    await kit.project();
    expect(await row('bia')).toMatchObject({
      two_factor_enabled: false, revision: 10, updated_at: new Date(regrantedAt),
      roles: [{ role: 'booker', siteIds: null }, { role: 'hotelier', siteIds: ['faro'] }],
    });
  });

  it('takes email and username from the latest sealed personal data', async () => {
    await kit.record(...(await registered('caio', 'caio')));
    await kit.record(userFact('caio', 'UserProfileUpdated', {
      personal: await vault.seal('caio', personal('caio', { email: 'caio.novo@example.com', username: 'caio.novo' })), locale: 'en', timeZone: 'UTC', notificationPreferences: {},
    }));
    await kit.project();
    expect(await row('caio')).toMatchObject({ email: 'caio.novo@example.com', username: 'caio.novo' });
  });

  it('UserErased deletes the row', async () => {
    await kit.record(...(await registered('dora', 'dora')));
    await kit.project();
    expect(await row('dora')).toBeDefined();
    await kit.record(userFact('dora', 'UserErased'));
    await vault.erase('dora');
    await kit.project();
    expect(await row('dora')).toBeUndefined();
    expect(await row('ana')).toBeDefined();
  });

  it('after the key is erased a rebuild from position zero equals the live read model and has no row for the person', async () => {
    // Erased between two live runs, with a profile change in between, and erased before the live projector saw them at all.
    await kit.record(...(await registered('eva', 'eva')));
    await kit.project();
    await kit.record(
      userFact('eva', 'UserProfileUpdated', { personal: await vault.seal('eva', personal('eva', { bio: 'private' })), locale: 'en', timeZone: 'UTC', notificationPreferences: {} }),
      userFact('eva', 'UserRoleGranted', { role: 'booker', siteIds: null }),
      userFact('eva', 'UserErased'),
    );
    await vault.erase('eva');
    await kit.record(...(await registered('fia', 'fia')), userFact('fia', 'UserErased'));
    await vault.erase('fia');
    await kit.project();

    const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'users', schema: 'rm_users_rebuilt', keep: true });
    try {
      expect(report.differences).toEqual([]);
      expect(report.equal).toBe(true);
      for (const erased of ['dora', 'eva', 'fia']) expect(await row(erased, 'rm_users_rebuilt')).toBeUndefined();
      const { rows } = await kit.pool.query('SELECT user_id FROM rm_users_rebuilt.users ORDER BY user_id');
      expect(rows.map((r) => r.user_id)).toEqual(['ana', 'bia', 'caio']);
      for (const erased of ['dora', 'eva', 'fia']) expect(await row(erased)).toBeUndefined();
      // No personal value of theirs in any rebuilt row.
      const text = JSON.stringify((await kit.pool.query('SELECT * FROM rm_users_rebuilt.users')).rows);
      for (const erased of ['dora', 'eva', 'fia']) expect(text).not.toContain(`${erased}@example.com`);
    } finally {
      await kit.pool.query('DROP SCHEMA rm_users_rebuilt CASCADE');
    }
  });

  it('custom_roles follow define, change, delete and define again', async () => {
    await kit.record(roleFact('front-desk', 'RoleDefined', { description: 'Reception', permissions: ['booking.checkin', 'booking.read.any'] }));
    await kit.record({ ...roleFact('night-audit', 'RoleDefined', { description: 'Nights', permissions: ['audit.read'] }), at: '2026-03-01T00:00:00.000Z' });
    await kit.project();
    expect(await roleRow('front-desk')).toMatchObject({ description: 'Reception', permissions: ['booking.checkin', 'booking.read.any'], revision: 0 });
    expect(await roleRow('night-audit')).toMatchObject({ defined_at: new Date('2026-03-01T00:00:00.000Z'), updated_at: new Date('2026-03-01T00:00:00.000Z'), revision: 0 });

    await kit.record({ ...roleFact('night-audit', 'RoleChanged', { description: 'Night audit', permissions: ['audit.read', 'history.read'] }), at: '2026-03-02T00:00:00.000Z' });
    await kit.record(roleFact('front-desk', 'RoleDeleted'));
    await kit.project();
    expect(await roleRow('front-desk')).toBeUndefined();
    expect(await roleRow('night-audit')).toMatchObject({
      description: 'Night audit', permissions: ['audit.read', 'history.read'], defined_at: new Date('2026-03-01T00:00:00.000Z'), updated_at: new Date('2026-03-02T00:00:00.000Z'), revision: 1,
    });

    await kit.record({ ...roleFact('front-desk', 'RoleDefined', { description: 'Reception again', permissions: ['booking.checkin'] }), at: '2026-04-01T00:00:00.000Z' });
    await kit.project();
    expect(await roleRow('front-desk')).toMatchObject({ description: 'Reception again', permissions: ['booking.checkin'], defined_at: new Date('2026-04-01T00:00:00.000Z'), revision: 2 });

    const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'custom_roles' });
    expect(report.differences).toEqual([]);
  });
});
