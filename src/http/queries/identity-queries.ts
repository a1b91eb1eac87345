import type { CustomRoleView, UserFilter, UserView } from '../../../read-models/queries/users.queries.js';
import type { Page } from './read-model-queries.js';

/** The people and custom roles read models, as the HTTP layer reads them. */
export interface IdentityQueries {
  listUsers(filter: UserFilter): Promise<Page<UserView>>;
  getUser(userId: string): Promise<UserView | null>;
  listCustomRoles(): Promise<CustomRoleView[]>;
}
