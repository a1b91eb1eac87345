import { PERMISSIONS, type Permission } from '../../identity/domain/permissions.js';
import { requirePermission } from '../../shared/application/authorize.js';
import { executeCommand, loadAggregate } from '../../shared/application/execute-command.js';
import type { Decider, DomainEvent } from '../../shared/domain/decider.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { ScheduleReservations } from '../../scheduling/application/schedule-reservations.js';
import { requestPlacement } from '../../scheduling/application/settle-placement.js';
import type { BlackoutCommand } from '../domain/catalog.commands.js';
import type { BlackoutTarget } from '../domain/catalog.types.js';
import { blackoutDecider } from '../domain/blackout.decider.js';
import { resourceDecider } from '../domain/resource.decider.js';
import { siteDecider, type Site } from '../domain/site.decider.js';
import { spaceDecider } from '../domain/space.decider.js';
import { blackoutHolder, blackoutStreamId } from './blackout-holder.js';
import type { CatalogCommandResult, CatalogCommands } from './catalog-commands.js';

const P = PERMISSIONS;

/**
 * Every catalog command is handled here: sites, spaces, pooled resources and blackouts.
 * Registering a site needs catalog.manage everywhere; everything else needs the permission on
 * the site the entity belongs to (a hotelier manages only their own hotels).
 */
export class CatalogCommandHandlers implements CatalogCommands {
  constructor(
    private readonly store: EventStore,
    private readonly schedule: ScheduleReservations,
  ) {}

  async registerSite(input: Parameters<CatalogCommands['registerSite']>[0], ctx: CommandContext) {
    requirePermission(ctx, P.catalogManage);
    const { siteId = ctx.newId(), ...details } = input;
    return this.run(`site-${siteId}`, siteDecider, { type: 'RegisterSite', data: { siteId, ...details } }, ctx, undefined, siteId);
  }

  async updateSite(siteId: string, input: Parameters<CatalogCommands['updateSite']>[1], expectedRevision: number | undefined, ctx: CommandContext) {
    requirePermission(ctx, P.catalogManage, siteId);
    return this.run(`site-${siteId}`, siteDecider, { type: 'UpdateSite', data: { siteId, ...input } }, ctx, expectedRevision, siteId);
  }

  async createSpace(input: Parameters<CatalogCommands['createSpace']>[0], ctx: CommandContext) {
    requirePermission(ctx, P.catalogManage, input.siteId);
    const { spaceId = ctx.newId(), ...details } = input;
    const site = await this.site(input.siteId);
    return this.run(`space-${spaceId}`, spaceDecider, { type: 'CreateSpace', data: { spaceId, ...details, timeZone: site.timeZone } }, ctx, undefined, spaceId);
  }

  updateSpace(spaceId: string, input: Parameters<CatalogCommands['updateSpace']>[1], expectedRevision: number | undefined, ctx: CommandContext) {
    return this.run(`space-${spaceId}`, spaceDecider, { type: 'UpdateSpace', data: { spaceId, ...input } }, ctx, expectedRevision, spaceId, P.catalogManage);
  }

  retireSpace(spaceId: string, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.run(`space-${spaceId}`, spaceDecider, { type: 'RetireSpace', data: { spaceId } }, ctx, expectedRevision, spaceId, P.catalogManage);
  }

  async createResource(input: Parameters<CatalogCommands['createResource']>[0], ctx: CommandContext) {
    requirePermission(ctx, P.catalogManage, input.siteId);
    const { resourceId = ctx.newId(), ...details } = input;
    const site = await this.site(input.siteId);
    return this.run(`resource-${resourceId}`, resourceDecider, { type: 'CreateResource', data: { resourceId, ...details, timeZone: site.timeZone } }, ctx, undefined, resourceId);
  }

  updateResource(resourceId: string, input: Parameters<CatalogCommands['updateResource']>[1], expectedRevision: number | undefined, ctx: CommandContext) {
    return this.run(`resource-${resourceId}`, resourceDecider, { type: 'UpdateResource', data: { resourceId, ...input } }, ctx, expectedRevision, resourceId, P.catalogManage);
  }

  retireResource(resourceId: string, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.run(`resource-${resourceId}`, resourceDecider, { type: 'RetireResource', data: { resourceId } }, ctx, expectedRevision, resourceId, P.catalogManage);
  }

  async declareBlackout(input: Parameters<CatalogCommands['declareBlackout']>[0], ctx: CommandContext): Promise<CatalogCommandResult> {
    const blackoutId = input.blackoutId ?? ctx.newId();
    const where = await this.blackoutTarget(input.target);
    requirePermission(ctx, P.blackoutManage, where.siteId);
    const outcome = await requestPlacement(
      this.store,
      this.schedule,
      blackoutHolder(blackoutId),
      (): BlackoutCommand => ({ type: 'RequestBlackout', data: { blackoutId, ...where, target: input.target, start: input.start, end: input.end, reason: input.reason, now: ctx.now.toISOString() } }),
      ctx,
      { entity: 'blackout', id: blackoutId, isNew: true },
    );
    return { id: blackoutId, revision: outcome.revision };
  }

  async liftBlackout(blackoutId: string, input: { reason: string }, ctx: CommandContext): Promise<CatalogCommandResult> {
    const outcome = await executeCommand(this.store, blackoutStreamId(blackoutId), blackoutDecider, ({ state }): BlackoutCommand => {
      requirePermission(ctx, P.blackoutManage, siteOf(state));
      return { type: 'LiftBlackout', data: { blackoutId, reason: input.reason } };
    }, ctx);
    await this.schedule.release(blackoutHolder(blackoutId).toRelease(outcome.state), ctx);
    return { id: blackoutId, revision: outcome.revision };
  }

  /** Runs `command` on the entity's stream; with `permission`, checks it on the site the loaded entity belongs to. */
  private async run<S extends { status: string }, C, E extends DomainEvent>(
    streamId: string,
    decider: Decider<S, C, E>,
    command: C,
    ctx: CommandContext,
    ifMatch: number | undefined,
    id: string,
    permission?: Permission,
  ): Promise<CatalogCommandResult> {
    const outcome = await executeCommand(this.store, streamId, decider, ({ state }) => {
      if (permission) requirePermission(ctx, permission, siteOf(state));
      return command;
    }, ctx, { ifMatch });
    return { id, revision: outcome.revision };
  }

  private async site(siteId: string): Promise<Site> {
    const { state } = await loadAggregate(this.store, `site-${siteId}`, siteDecider);
    if (state.status === 'absent') throw new NotFoundError('site', siteId);
    return state;
  }

  /** Where the blackout applies and how much exists there (1 for a space, the stock of a resource). */
  private async blackoutTarget(target: BlackoutTarget): Promise<{ siteId: string; timeZone: string; capacity: number }> {
    if (target.kind === 'space') {
      const { state } = await loadAggregate(this.store, `space-${target.spaceId}`, spaceDecider);
      if (state.status === 'absent') throw new NotFoundError('space', target.spaceId);
      return { siteId: state.siteId, timeZone: state.timeZone, capacity: 1 };
    }
    const { state } = await loadAggregate(this.store, `resource-${target.resourceId}`, resourceDecider);
    if (state.status === 'absent') throw new NotFoundError('resource', target.resourceId);
    return { siteId: state.siteId, timeZone: state.timeZone, capacity: state.quantity };
  }
}

/** The site an entity belongs to; none when it does not exist, so only a permission held everywhere gets as far as the decider's 404. */
function siteOf(state: { status: string } | { status: string; siteId: string }): string | undefined {
  return 'siteId' in state ? state.siteId : undefined;
}
