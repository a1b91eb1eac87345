import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { RoleCommand } from './identity.commands.js';
import type { RoleEvent } from './identity.events.js';
import { isBuiltInRole, isPermission, type Permission } from './permissions.js';

export type RoleState = { status: 'absent' | 'deleted' } | { status: 'defined'; role: string; description: string; permissions: Permission[] };

const ROLE_NAME = /^[a-z][a-z0-9-]{1,39}$/;

function checked(role: string, description: string, permissions: readonly string[]): { description: string; permissions: Permission[] } {
  const issues = [];
  if (!ROLE_NAME.test(role)) issues.push({ field: 'name', message: 'a role name is 2-40 lower-case letters, digits or dashes, starting with a letter' });
  if (isBuiltInRole(role)) issues.push({ field: 'name', message: `${role} is a built-in role and cannot be changed` });
  if (description.length > 500) issues.push({ field: 'description', message: 'at most 500 characters' });
  const unknown = permissions.filter((p) => !isPermission(p));
  if (unknown.length > 0) issues.push({ field: 'permissions', message: `not in the permission catalogue: ${unknown.join(', ')}` });
  if (permissions.length === 0) issues.push({ field: 'permissions', message: 'a role grants at least one permission' });
  if (issues.length > 0) throw new ValidationError(issues);
  return { description, permissions: [...new Set(permissions as Permission[])].sort() };
}

function decide(command: RoleCommand, state: RoleState): RoleEvent[] {
  switch (command.type) {
    case 'DefineRole': {
      const { role } = command.data;
      const valid = checked(role, command.data.description, command.data.permissions);
      if (state.status === 'defined') throw new ConflictError(`role ${role} already exists`);
      // People granted the deleted role still hold the grant on record; a new role under the
      // same name would silently hand them its permissions.
      if (state.status === 'deleted') throw new ConflictError(`the name ${role} belonged to a deleted role; choose another name so its former holders do not get the new one`);
      return [{ type: 'RoleDefined', data: { role, ...valid } }];
    }
    case 'ChangeRole': {
      const { role } = command.data;
      if (state.status !== 'defined') throw new NotFoundError('role', role);
      const valid = checked(role, command.data.description, command.data.permissions);
      if (valid.description === state.description && valid.permissions.join() === state.permissions.join()) return [];
      return [{ type: 'RoleChanged', data: { role, ...valid } }];
    }
    case 'DeleteRole':
      if (state.status !== 'defined') throw new NotFoundError('role', command.data.role);
      return [{ type: 'RoleDeleted', data: command.data }];
    default:
      return assertNever(command);
  }
}

function evolve(state: RoleState, event: RoleEvent): RoleState {
  switch (event.type) {
    case 'RoleDefined':
    case 'RoleChanged':
      return { status: 'defined', ...event.data };
    case 'RoleDeleted':
      return { status: 'deleted' };
    default:
      return assertNever(event);
  }
}

/** A custom role (stream `role-<name>`): defined, changed and deleted by admins at run time. */
export const roleDecider: Decider<RoleState, RoleCommand, RoleEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide,
  evolve,
};
