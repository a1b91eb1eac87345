import type { MessageKey, Translate } from '../../i18n/i18n.js';

// Spaces carry free-form amenity tags; these are the ones staff use (the demo catalogue's and the
// usual equipment), offered as checkboxes with translated names. Any other tag still shows and
// filters, under its own name.

/** Equipment built into the space. */
export const EQUIPMENT = [
  'projector', 'projector_screen', 'display', 'video_conferencing', 'whiteboard', 'microphones', 'pa_system',
  'dual_monitors', 'standing_desk', 'lighting_rig', 'green_screen', 'backdrops', 'stage',
] as const;

/** The amenities most searches ask for, shown without opening "more". */
export const COMMON_AMENITIES = ['wheelchair_access', 'air_conditioning', 'natural_light', 'soundproofing'] as const;

export const MORE_AMENITIES = [
  'accessible', 'private', 'kitchenette', 'terrace', 'river_view', 'city_view', 'window_seat', 'dance_floor', 'booth',
  'chef_counter', 'tatami', 'king_bed', 'twin_beds', 'sofa_bed', 'bathtub', 'minibar',
] as const;

type KnownAmenity = (typeof EQUIPMENT)[number] | (typeof COMMON_AMENITIES)[number] | (typeof MORE_AMENITIES)[number];
const KNOWN = new Set<string>([...EQUIPMENT, ...COMMON_AMENITIES, ...MORE_AMENITIES]);

/** `video_conferencing` → "Video conferencing" in the viewer's language; an unknown tag → its words. */
export function amenityLabel(t: Translate, tag: string): string {
  if (KNOWN.has(tag)) return t(`search.amenity.${tag as KnownAmenity}` satisfies MessageKey);
  const words = tag.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Tags in the URL that no checkbox offers (a link from elsewhere, a custom tag): shown checked so they can be cleared. */
export function otherAmenities(selected: readonly string[]): string[] {
  return selected.filter((a) => !KNOWN.has(a));
}
