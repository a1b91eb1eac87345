import { hasPermission } from '../../shared/application/authorize.js';
import { executeCommand, loadAggregate } from '../../shared/application/execute-command.js';
import { ForbiddenError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { RoleCommand } from '../domain/identity.commands.js';
import { roleStream } from '../domain/identity.events.js';
import { BUILT_IN_ROLES, isBuiltInRole, isPermission, PERMISSIONS, type Permission } from '../domain/permissions.js';
import { roleDecider } from '../domain/role.decider.js';
import type { RoleGrant } from '../domain/access.js';
import type { UserState } from '../domain/user.decider.js';
import { runUserCommand } from './user-aggregate.js';

export interface RoleInput {
  description: string;
  permissions: string[];
}

export interface CustomRole {
  name: string;
  description: string;
  permissions: Permission[];
  revision: number;
}

/** Custom roles (defined at run time) and who holds which role. */
export class RoleManagement {
  constructor(private readonly store: EventStore) {}

  async defineRole(name: string, input: RoleInput, ctx: CommandContext): Promise<CustomRole> {
    requireHolds(ctx, 'putting into a role', input.permissions, null);
    return this.run(name, { type: 'DefineRole', data: { role: name, description: input.description, permissions: input.permissions as Permission[] } }, ctx);
  }

  async changeRole(name: string, input: RoleInput, expectedRevision: number | undefined, ctx: CommandContext): Promise<CustomRole> {
    requireHolds(ctx, 'putting into a role', input.permissions, null);
    return this.run(name, { type: 'ChangeRole', data: { role: name, description: input.description, permissions: input.permissions as Permission[] } }, ctx, expectedRevision);
  }

  /** People who held it keep the grant on record, but it gives them nothing from the next request on. */
  async deleteRole(name: string, ctx: CommandContext): Promise<void> {
    await executeCommand(this.store, roleStream(name), roleDecider, (): RoleCommand => ({ type: 'DeleteRole', data: { role: name } }), ctx);
  }

  /** Answers the person's grants after the change. */
  async grantRole(userId: string, role: string, siteIds: string[] | null, ctx: CommandContext): Promise<RoleGrant[]> {
    const permissions = await this.permissionsOf(role);
    const roleExists = permissions !== null;
    if (permissions) requireHolds(ctx, `granting ${role}`, permissions, siteIds);
    return grantsOf(await runUserCommand(this.store, { type: 'GrantRole', data: { userId, role, siteIds, roleExists } }, ctx));
  }

  async revokeRole(userId: string, role: string, ctx: CommandContext): Promise<RoleGrant[]> {
    // Nobody can lock the organisation out by taking away their own power to manage users.
    if (userId === ctx.actor.id && role === 'admin') throw new ForbiddenError(PERMISSIONS.usersManage, 'you cannot revoke your own admin role; ask another admin');
    requireHolds(ctx, `revoking ${role}`, (await this.permissionsOf(role)) ?? [], null);
    return grantsOf(await runUserCommand(this.store, { type: 'RevokeRole', data: { userId, role } }, ctx));
  }

  /** Null when no such role is defined (never was, or was deleted). */
  private async permissionsOf(role: string): Promise<readonly Permission[] | null> {
    if (isBuiltInRole(role)) return BUILT_IN_ROLES[role]!;
    const { state } = await loadAggregate(this.store, roleStream(role), roleDecider);
    return state.status === 'defined' ? state.permissions : null;
  }

  private async run(name: string, command: RoleCommand, ctx: CommandContext, ifMatch?: number): Promise<CustomRole> {
    const result = await executeCommand(this.store, roleStream(name), roleDecider, () => command, ctx, ifMatch === undefined ? {} : { ifMatch });
    if (result.state.status !== 'defined') throw new Error(`role ${name} is not defined after ${command.type}`);
    const { description, permissions } = result.state;
    return { name, description, permissions, revision: result.revision };
  }
}

/**
 * Nobody hands out or takes away more than they hold: otherwise users.manage alone would let
 * its holder grant themselves admin, and roles.manage would let them widen a role they hold.
 */
function requireHolds(ctx: CommandContext, doing: string, permissions: readonly string[], siteIds: readonly string[] | null): void {
  // Names outside the catalogue are the decider's to refuse (422), not a lack of permission.
  for (const p of permissions.filter(isPermission)) {
    if (siteIds === null) {
      if (!hasPermission(ctx, p)) throw new ForbiddenError(p, `${doing} needs ${p}, which you do not hold`);
      continue;
    }
    const siteId = siteIds.find((id) => !hasPermission(ctx, p, id));
    if (siteId !== undefined) throw new ForbiddenError(p, `${doing} needs ${p} on site ${siteId}, which you do not hold there`);
  }
}

function grantsOf({ state }: { state: UserState }): RoleGrant[] {
  return state.status === 'active' ? state.grants : [];
}
