import type pg from 'pg';
import { getUser, listCustomRoles, listUsers } from '../../read-models/queries/users.queries.js';
import type { IdentityQueries } from '../http/queries/identity-queries.js';

/** The people and custom roles read models behind the HTTP port. */
export function postgresIdentityQueries(pool: pg.Pool, schema: string): IdentityQueries {
  return {
    listUsers: (filter) => listUsers(pool, schema, filter),
    getUser: (userId) => getUser(pool, schema, userId),
    listCustomRoles: () => listCustomRoles(pool, schema),
  };
}
