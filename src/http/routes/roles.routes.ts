import type { IdentityServices } from '../../identity/application/identity-services.js';
import { ALL_PERMISSIONS, BUILT_IN_ROLES, PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { Done, NewRoleRequest, PermissionList, RoleChangeRequest, RoleDefinition, RoleList, RoleNameParams } from '../contracts/identity.contracts.js';
import type { IdentityQueries } from '../queries/identity-queries.js';
import { API_PREFIX } from './route-deps.js';

const tags = ['roles'];

/** Roles (built-in and custom) and the permission catalogue they are made of. */
export function roleRoutes(identity: IdentityServices, queries: IdentityQueries): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/permissions`,
      operationId: 'listPermissions',
      summary: 'The permission catalogue',
      tags,
      access: [P.usersRead, P.rolesManage],
      success: { status: 200, description: 'Every permission.', schema: PermissionList },
      errors: [],
      handle: async () => ({ body: { items: [...ALL_PERMISSIONS] } }),
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/roles`,
      operationId: 'listRoles',
      summary: 'Built-in and custom roles',
      tags,
      access: [P.usersRead, P.rolesManage],
      success: { status: 200, description: 'Built-in roles first, then custom ones by name.', schema: RoleList },
      errors: [],
      handle: async () => {
        const builtIn = Object.entries(BUILT_IN_ROLES).map(([name, permissions]) => ({ name, description: '', permissions: [...permissions], builtIn: true, revision: null }));
        const custom = (await queries.listCustomRoles()).map((r) => ({ ...r, builtIn: false }));
        return { body: { items: [...builtIn, ...custom] } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/roles`,
      operationId: 'defineRole',
      summary: 'Create a custom role from the permission catalogue',
      tags,
      access: [P.rolesManage],
      body: NewRoleRequest,
      success: { status: 201, description: 'The role exists.', schema: RoleDefinition, etag: true, location: true },
      errors: [409, 422],
      handle: async ({ body, ctx }) => {
        const role = await identity.roles.defineRole(body.name, body, ctx);
        return { body: { ...role, builtIn: false }, revision: role.revision, location: `${API_PREFIX}/roles/${role.name}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/roles/{name}`,
      operationId: 'getRole',
      summary: 'A built-in or custom role',
      description: 'Read from the log, so it is current; a custom role answers its ETag (for `If-Match` on a change).',
      tags,
      access: [P.usersRead, P.rolesManage],
      params: RoleNameParams,
      success: { status: 200, description: 'The role.', schema: RoleDefinition, etag: true },
      errors: [404],
      handle: async ({ params }) => {
        const role = await identity.roles.getRole(params.name);
        if (!role) throw new NotFoundError('role', params.name);
        return { body: role, ...(role.revision === null ? {} : { revision: role.revision }) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${API_PREFIX}/roles/{name}`,
      operationId: 'changeRole',
      summary: "Change a custom role's permissions (and description)",
      description: 'Everyone holding it gets the new permissions on their next request. You must hold every permission it grants, before and after.',
      tags,
      access: [P.rolesManage],
      params: RoleNameParams,
      body: RoleChangeRequest,
      ifMatch: true,
      success: { status: 200, description: 'The role after the change.', schema: RoleDefinition, etag: true },
      errors: [404, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => {
        const role = await identity.roles.changeRole(params.name, body, expectedRevision, ctx);
        return { body: { ...role, builtIn: false }, revision: role.revision };
      },
    }),
    defineRoute({
      method: 'delete',
      path: `${API_PREFIX}/roles/{name}`,
      operationId: 'deleteRole',
      summary: 'Delete a custom role',
      description: 'People who held it lose its permissions on their next request. You must hold every permission it grants.',
      tags,
      access: [P.rolesManage],
      params: RoleNameParams,
      success: { status: 200, description: 'Deleted.', schema: Done },
      errors: [404],
      handle: async ({ params, ctx }) => {
        await identity.roles.deleteRole(params.name, ctx);
        return { body: { done: true as const } };
      },
    }),
  ];
}
