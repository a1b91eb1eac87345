import type { Weekday } from '../../shared/domain/time-zone.js';

export type SiteKind = 'office' | 'venue' | 'hotel' | 'restaurant';
export const SITE_KINDS: readonly SiteKind[] = ['office', 'venue', 'hotel', 'restaurant'];

export type SpaceKind = 'meeting_room' | 'hall' | 'desk' | 'table' | 'hotel_room' | 'auditorium' | 'studio';
export const SPACE_KINDS: readonly SpaceKind[] = ['meeting_room', 'hall', 'desk', 'table', 'hotel_room', 'auditorium', 'studio'];

export type ResourceCategory = 'equipment' | 'catering' | 'furniture';
export const RESOURCE_CATEGORIES: readonly ResourceCategory[] = ['equipment', 'catering', 'furniture'];

/** An opening window in the site's local time; `close` may be 1440 (midnight). Minutes since midnight. */
export interface OpeningWindow {
  open: number;
  close: number;
}

export interface BookingPolicy {
  /** Local opening hours per weekday; `null` means always open (hotel rooms, 24/7 spaces). A missing weekday is closed. */
  openingHours: Partial<Record<Weekday, OpeningWindow[]>> | null;
  /** Start and end must fall on multiples of this many minutes after local midnight. */
  slotMinutes: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  /** How far ahead a booking may start, in days. */
  maxAdvanceDays: number;
  /** Time kept free after each booking (cleaning, turnover), in minutes. */
  bufferMinutes: number;
  /** Minutes before start after which the booker can no longer change or cancel. */
  changeDeadlineMinutes: number;
  approvalRequired: boolean;
}

export interface SiteDetails {
  name: string;
  address: string;
  city: string;
  latitude: number;
  longitude: number;
  /** IANA zone, fixed at registration (schedule buckets depend on it). */
  timeZone: string;
  kind: SiteKind;
}

export interface SpaceDetails {
  name: string;
  kind: SpaceKind;
  capacity: number;
  amenities: string[];
  photoUrls: string[];
  description: string;
}

export interface ResourceDetails {
  name: string;
  category: ResourceCategory;
  quantity: number;
  description: string;
}

/** What a blackout makes unavailable: a whole space, or some quantity of a pooled resource. */
export type BlackoutTarget =
  | { kind: 'space'; spaceId: string }
  | { kind: 'resource'; resourceId: string; quantity: number };
