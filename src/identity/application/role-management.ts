import { hasPermission } from '../../shared/application/authorize.js';
import { executeCommand, loadAggregate, type Loaded } from '../../shared/application/execute-command.js';
import { ForbiddenError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { RoleCommand } from '../domain/identity.commands.js';
import { roleStream } from '../domain/identity.events.js';
import { BUILT_IN_ROLES, isBuiltInRole, isPermission, PERMISSIONS, type Permission } from '../domain/permissions.js';
import { roleDecider, type RoleState } from '../domain/role.decider.js';
import { resolveAccess, type ResolvedAccess, type RoleGrant } from '../domain/access.js';
import type { UserState } from '../domain/user.decider.js';
import { loadUser, runUserCommand } from './user-aggregate.js';

export interface RoleInput {
  description: string;
  permissions: string[];
}

/** A change of a custom role; without a description the current one stays. */
export interface RoleChange {
  description?: string | undefined;
  permissions: string[];
}

export interface CustomRole {
  name: string;
  description: string;
  permissions: Permission[];
  revision: number;
}

/** Any role as it is now: built-in ones have no revision (they never change). */
export type RoleView = (CustomRole & { builtIn: false }) | { name: string; description: string; permissions: Permission[]; builtIn: true; revision: null };

/** Custom roles (defined at run time) and who holds which role. */
export class RoleManagement {
  constructor(private readonly store: EventStore) {}

  async defineRole(name: string, input: RoleInput, ctx: CommandContext): Promise<CustomRole> {
    requireHolds(ctx, 'putting into a role', input.permissions, null);
    return this.run(name, () => ({ type: 'DefineRole', data: { role: name, description: input.description, permissions: input.permissions as Permission[] } }), ctx);
  }

  /** Needs every permission the role grants before and after: nobody narrows or widens a role beyond what they hold. */
  async changeRole(name: string, input: RoleChange, expectedRevision: number | undefined, ctx: CommandContext): Promise<CustomRole> {
    return this.run(
      name,
      ({ state }) => {
        const current = state.status === 'defined' ? state : null;
        requireHolds(ctx, `changing ${name}`, [...input.permissions, ...(current?.permissions ?? [])], null);
        return { type: 'ChangeRole', data: { role: name, description: input.description ?? current?.description ?? '', permissions: input.permissions as Permission[] } };
      },
      ctx,
      expectedRevision,
    );
  }

  /** People who held it keep the grant on record, but it gives them nothing from the next request on. */
  async deleteRole(name: string, ctx: CommandContext): Promise<void> {
    await executeCommand(this.store, roleStream(name), roleDecider, ({ state }): RoleCommand => {
      if (state.status === 'defined') requireHolds(ctx, `deleting ${name}`, state.permissions, null);
      return { type: 'DeleteRole', data: { role: name } };
    }, ctx);
  }

  /** A built-in role (revision null) or a defined custom one; null when there is no such role. */
  async getRole(name: string): Promise<RoleView | null> {
    if (isBuiltInRole(name)) return { name, description: '', permissions: [...BUILT_IN_ROLES[name]!], builtIn: true, revision: null };
    const { state, revision } = await loadAggregate(this.store, roleStream(name), roleDecider);
    if (state.status !== 'defined') return null;
    return { name, description: state.description, permissions: state.permissions, builtIn: false, revision };
  }

  /** Answers the person's grants after the change. */
  async grantRole(userId: string, role: string, siteIds: string[] | null, ctx: CommandContext): Promise<RoleGrant[]> {
    const permissions = await this.permissionsOf(role);
    const roleExists = permissions !== null;
    if (permissions) requireHolds(ctx, `granting ${role}`, permissions, siteIds);
    return grantsOf(await runUserCommand(this.store, { type: 'GrantRole', data: { userId, role, siteIds, roleExists } }, ctx));
  }

  async revokeRole(userId: string, role: string, ctx: CommandContext): Promise<RoleGrant[]> {
    // Nobody can lock the organisation out by taking away their own power to manage users,
    // whichever role (built-in or custom) gives it to them.
    if (userId === ctx.actor.id && (await this.revokingDropsUsersManage(userId, role))) {
      throw new ForbiddenError(PERMISSIONS.usersManage, `revoking your own ${role} role would take ${PERMISSIONS.usersManage} from you; ask another admin`);
    }
    requireHolds(ctx, `revoking ${role}`, (await this.permissionsOf(role)) ?? [], null);
    return grantsOf(await runUserCommand(this.store, { type: 'RevokeRole', data: { userId, role } }, ctx));
  }

  private async revokingDropsUsersManage(userId: string, role: string): Promise<boolean> {
    const user = await loadUser(this.store, userId);
    if (user.status !== 'active') return false;
    const custom = [...new Set(user.grants.map((g) => g.role).filter((r) => !isBuiltInRole(r)))];
    const customRoles = new Map<string, readonly Permission[]>();
    for (const [held, permissions] of await Promise.all(custom.map(async (r) => [r, await this.permissionsOf(r)] as const))) if (permissions) customRoles.set(held, permissions);
    const holds = (grants: readonly RoleGrant[]) => resolveAccess(grants, customRoles).permissions.has(PERMISSIONS.usersManage);
    return holds(user.grants) && !holds(user.grants.filter((g) => g.role !== role));
  }

  /** Null when no such role is defined (never was, or was deleted). */
  private async permissionsOf(role: string): Promise<readonly Permission[] | null> {
    if (isBuiltInRole(role)) return BUILT_IN_ROLES[role]!;
    const { state } = await loadAggregate(this.store, roleStream(role), roleDecider);
    return state.status === 'defined' ? state.permissions : null;
  }

  private async run(name: string, makeCommand: (loaded: Loaded<RoleState>) => RoleCommand, ctx: CommandContext, ifMatch?: number): Promise<CustomRole> {
    const result = await executeCommand(this.store, roleStream(name), roleDecider, makeCommand, ctx, ifMatch === undefined ? {} : { ifMatch });
    if (result.state.status !== 'defined') throw new Error(`role ${name} is not defined after ${result.events.map((e) => e.type).join(', ') || 'no change'}`);
    const { description, permissions } = result.state;
    return { name, description, permissions, revision: result.revision };
  }
}

/**
 * Nobody hands out or takes away more than they hold: otherwise users.manage alone would let
 * its holder grant themselves admin, and roles.manage would let them widen a role they hold.
 * `siteIds` null: held everywhere; otherwise on each of those sites.
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

/** Everything `access` holds, where it holds it (erasing someone needs what they hold). */
export function requireHoldsAccess(ctx: CommandContext, doing: string, access: ResolvedAccess): void {
  requireHolds(ctx, doing, [...access.permissions], null);
  for (const [siteId, permissions] of access.sitePermissions) requireHolds(ctx, doing, [...permissions], [siteId]);
}

function grantsOf({ state }: { state: UserState }): RoleGrant[] {
  return state.status === 'active' ? state.grants : [];
}
