import type { BlackoutStatus, ResourceCategory, SiteKind, SpaceKind } from '../../api/types.js';

// The server's enums as values (runtime code may not come from src/): a Record over the contract's
// union fails the typecheck when a value is missing or unknown. Listed in the order people pick them.
const valuesOf = <T extends string>(all: Record<T, true>): T[] => Object.keys(all) as T[];
export const SITE_KINDS = valuesOf<SiteKind>({ office: true, venue: true, hotel: true, restaurant: true });
export const SPACE_KINDS = valuesOf<SpaceKind>({ meeting_room: true, desk: true, hall: true, auditorium: true, studio: true, table: true, hotel_room: true });
export const RESOURCE_CATEGORIES = valuesOf<ResourceCategory>({ equipment: true, catering: true, furniture: true });
export const BLACKOUT_STATUSES = valuesOf<BlackoutStatus>({ requested: true, declared: true, refused: true, lifted: true });
