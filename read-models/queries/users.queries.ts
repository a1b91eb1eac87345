import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, queryPage, type Db, type Page } from './db.js';

export interface UserView {
  userId: string;
  email: string;
  username: string;
  displayName: string;
  accountType: 'employee' | 'client' | 'guest' | 'hotelier';
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  roles: { role: string; siteIds: string[] | null }[];
  registeredAt: string;
}

interface UserRow {
  user_id: string;
  email: string;
  username: string;
  display_name: string;
  account_type: UserView['accountType'];
  email_verified: boolean;
  two_factor_enabled: boolean;
  roles: UserView['roles'];
  registered_at: Date;
}

export interface UserFilter {
  /** Case-insensitive substring of display name, username or email. */
  q?: string | undefined;
  role?: string | undefined;
  registeredFrom?: string | undefined;
  registeredTo?: string | undefined;
  limit: number;
  offset: number;
}

const COLUMNS = 'user_id, email, username, display_name, account_type, email_verified, two_factor_enabled, roles, registered_at';

function toUser(r: UserRow): UserView {
  return {
    userId: r.user_id, email: r.email, username: r.username, displayName: r.display_name, accountType: r.account_type,
    emailVerified: r.email_verified, twoFactorEnabled: r.two_factor_enabled, roles: r.roles, registeredAt: isoOf(r.registered_at),
  };
}

/** People for admins, newest registration first. */
export async function listUsers(db: Db, schema: string, filter: UserFilter): Promise<Page<UserView>> {
  const c = new Conditions();
  if (filter.q !== undefined) c.add(`lower(display_name || ' ' || username || ' ' || email) LIKE '%' || $? || '%'`, escapeLike(filter.q.toLowerCase()));
  if (filter.role !== undefined) c.add('roles @> $?::jsonb', JSON.stringify([{ role: filter.role }]));
  if (filter.registeredFrom !== undefined) c.add('registered_at >= $?', filter.registeredFrom);
  if (filter.registeredTo !== undefined) c.add('registered_at < $?', filter.registeredTo);
  const { rows, total } = await queryPage<UserRow>(db, `SELECT ${COLUMNS} FROM ${quoteSchema(schema)}.users ${c.where()}`, c.values, 'registered_at DESC, user_id', filter.limit, filter.offset);
  return { items: rows.map(toUser), total };
}

export async function getUser(db: Db, schema: string, userId: string): Promise<UserView | null> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM ${quoteSchema(schema)}.users WHERE user_id = $1`, [userId]);
  return rows[0] ? toUser(rows[0]) : null;
}

export interface CustomRoleView {
  name: string;
  description: string;
  permissions: string[];
  revision: number;
}

export async function listCustomRoles(db: Db, schema: string): Promise<CustomRoleView[]> {
  const { rows } = await db.query<CustomRoleView>(`SELECT name, description, permissions, revision FROM ${quoteSchema(schema)}.custom_roles ORDER BY name`);
  return rows;
}

/** `%` and `_` in a search term are literal characters, not wildcards. */
function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
