import type { SlotReleased, SlotReserved } from './schedule.events.js';

/**
 * Hold `quantity` of a target for [start, end) on one day's schedule stream. `capacity` is
 * what exists (1 for a space, the stock for a resource) at the time of the request.
 */
export type ReserveSlot = { type: 'ReserveSlot'; data: SlotReserved['data'] & { capacity: number } };
export type ReleaseSlot = { type: 'ReleaseSlot'; data: SlotReleased['data'] };
export type ScheduleCommand = ReserveSlot | ReleaseSlot;
