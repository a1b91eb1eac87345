import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { BlackoutTarget, BookingPolicy, ResourceDetails, SiteDetails, SpaceDetails } from '../domain/catalog.types.js';

/** Result of a catalog command: the entity id and its stream revision (ETag). */
export interface CatalogCommandResult {
  id: string;
  revision: number;
}

/** Catalog use cases; all need `catalog.manage` except blackouts (`blackout.manage`). */
export interface CatalogCommands {
  registerSite(input: SiteDetails & { siteId?: string }, ctx: CommandContext): Promise<CatalogCommandResult>;
  updateSite(siteId: string, input: Partial<Omit<SiteDetails, 'timeZone'>>, expectedRevision: number | undefined, ctx: CommandContext): Promise<CatalogCommandResult>;
  createSpace(input: SpaceDetails & { spaceId?: string; siteId: string; policy: BookingPolicy }, ctx: CommandContext): Promise<CatalogCommandResult>;
  updateSpace(spaceId: string, input: Partial<SpaceDetails> & { policy?: BookingPolicy }, expectedRevision: number | undefined, ctx: CommandContext): Promise<CatalogCommandResult>;
  retireSpace(spaceId: string, expectedRevision: number | undefined, ctx: CommandContext): Promise<CatalogCommandResult>;
  createResource(input: ResourceDetails & { resourceId?: string; siteId: string }, ctx: CommandContext): Promise<CatalogCommandResult>;
  updateResource(resourceId: string, input: Partial<ResourceDetails>, expectedRevision: number | undefined, ctx: CommandContext): Promise<CatalogCommandResult>;
  retireResource(resourceId: string, expectedRevision: number | undefined, ctx: CommandContext): Promise<CatalogCommandResult>;
  /** Places the blackout on the schedule; a clash with an active booking or blackout raises ConflictError (409). */
  declareBlackout(input: { blackoutId?: string; target: BlackoutTarget; start: string; end: string; reason: string }, ctx: CommandContext): Promise<CatalogCommandResult>;
  liftBlackout(blackoutId: string, input: { reason: string }, ctx: CommandContext): Promise<CatalogCommandResult>;
}

export const CATALOG_COMMANDS = Symbol.for('reserva.CatalogCommands');
