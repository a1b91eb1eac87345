// Contract types the shared web/src/api/types.ts does not carry (yet): type-only, erased at build.
import type { z } from 'zod';
import type * as C from '../../../../src/http/contracts/index.js';
import type * as D from '../../../../src/http/contracts/notification-delivery.contracts.js';

export type EntityRevision = z.infer<typeof C.EntityRevision>;
export type SiteKind = z.infer<typeof C.Site>['kind'];
export type SpaceKind = z.infer<typeof C.Space>['kind'];
export type ResourceCategory = z.infer<typeof C.Resource>['category'];
export type BlackoutStatus = z.infer<typeof C.Blackout>['status'];
export type BlackoutTarget = z.infer<typeof C.BlackoutTarget>;
export type RegisterSiteRequest = z.input<typeof C.RegisterSiteRequest>;
export type UpdateSiteRequest = z.input<typeof C.UpdateSiteRequest>;
export type CreateSpaceRequest = z.input<typeof C.CreateSpaceRequest>;
export type UpdateSpaceRequest = z.input<typeof C.UpdateSpaceRequest>;
export type CreateResourceRequest = z.input<typeof C.CreateResourceRequest>;
export type UpdateResourceRequest = z.input<typeof C.UpdateResourceRequest>;
export type DeclareBlackoutRequest = z.input<typeof C.DeclareBlackoutRequest>;
export type GrantRoleRequest = z.input<typeof C.GrantRoleRequest>;
export type NewRoleRequest = z.input<typeof C.NewRoleRequest>;
export type RoleChangeRequest = z.input<typeof C.RoleChangeRequest>;
export type IdentityHistory = z.infer<typeof C.IdentityHistory>;
export type IdentityHistoryEntry = IdentityHistory['entries'][number];
export type FailedDeliveryPage = z.infer<typeof D.FailedDeliveryPage>;
export type FailedDelivery = FailedDeliveryPage['items'][number];

// The server's enums as values (runtime code may not come from src/): a Record over the contract's
// union fails the typecheck when a value is missing or unknown.
const valuesOf = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[];
export const SITE_KINDS = valuesOf<SiteKind>({ office: true, venue: true, hotel: true, restaurant: true });
export const SPACE_KINDS = valuesOf<SpaceKind>({ meeting_room: true, hall: true, desk: true, table: true, hotel_room: true, auditorium: true, studio: true });
export const RESOURCE_CATEGORIES = valuesOf<ResourceCategory>({ equipment: true, catering: true, furniture: true });
export const BLACKOUT_STATUSES = valuesOf<BlackoutStatus>({ requested: true, declared: true, refused: true, lifted: true });
