/**
 * The occupancy heatmap: share of open time booked per local ISO weekday × hour, for one space
 * or every space of a site. JSON is this shape; the SVG and PNG charts draw the same cells with
 * the same colours.
 */
import type { ReportPeriod } from './report.js';

export interface HeatmapCell {
  /** 1 = Monday … 7 = Sunday, in the site's zone. */
  isoWeekday: number;
  /** Local hour 0..23. */
  hour: number;
  /** 100 × booked / available minutes, two decimals; null when the hour was never open. */
  sharePercent: number | null;
  bookedMinutes: number;
  checkedInMinutes: number;
  availableMinutes: number;
  /** (space, date) occurrences of this hour that were open, and how many of them had a booking. */
  openOccurrences: number;
  busyOccurrences: number;
}

export interface Heatmap {
  scope: 'space' | 'site';
  /** The space or the site. */
  subject: { id: string; name: string; siteId: string; timeZone: string; spaces: number };
  period: ReportPeriod;
  generatedAt: string;
  /** 168 cells: Monday 00 … Monday 23, Tuesday 00, … Sunday 23. */
  cells: HeatmapCell[];
}

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export type Rgb = readonly [number, number, number];

/** Never open: grey, apart from the colour scale. */
export const CLOSED_COLOUR: Rgb = [217, 217, 217];

/**
 * A sequential yellow–orange–red scale (ColorBrewer YlOrRd): lightness falls steadily with the
 * share, so it reads in greyscale and with colour-vision deficiencies.
 */
const STOPS: readonly Rgb[] = [
  [255, 255, 204],
  [254, 217, 118],
  [253, 141, 60],
  [227, 26, 28],
  [128, 0, 38],
];

/** Colour of a share in percent (clamped to 0–100); closed cells are grey. */
export function heatColour(sharePercent: number | null): Rgb {
  if (sharePercent === null) return CLOSED_COLOUR;
  const t = (Math.min(100, Math.max(0, sharePercent)) / 100) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  const mix = (k: 0 | 1 | 2) => Math.round(a[k] + (b[k] - a[k]) * f);
  return [mix(0), mix(1), mix(2)];
}

export function hexOf([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** The scale's stops as SVG gradient offsets. */
export function colourStops(): { offsetPercent: number; colour: string }[] {
  return STOPS.map((c, i) => ({ offsetPercent: (i / (STOPS.length - 1)) * 100, colour: hexOf(c) }));
}

export function heatmapTitle(h: Heatmap): string {
  return `Occupancy by weekday and hour: ${h.scope === 'site' ? 'site' : 'space'} ${h.subject.name}`;
}

/** One sentence for screen readers: the period and the busiest open hours. */
export function heatmapSummary(h: Heatmap): string {
  const open = h.cells.filter((c) => c.sharePercent !== null);
  const span = `${h.period.from} up to ${h.period.to}, local time ${h.subject.timeZone}`;
  if (open.length === 0) return `No open hours from ${span}.`;
  const busiest = [...open].sort((a, b) => b.sharePercent! - a.sharePercent! || a.isoWeekday - b.isoWeekday || a.hour - b.hour).slice(0, 3);
  const list = busiest.map((c) => `${cellLabel(c)} (${c.sharePercent!.toFixed(1)} %)`).join(', ');
  return `Share of open time booked, from ${span}${h.scope === 'site' ? `, over ${h.subject.spaces} spaces` : ''}. Busiest: ${list}.`;
}

const hh = (hour: number) => String(hour).padStart(2, '0');

/** `Monday 09:00-10:00`. */
export function cellLabel(c: Pick<HeatmapCell, 'isoWeekday' | 'hour'>): string {
  return `${WEEKDAY_NAMES[c.isoWeekday - 1]} ${hh(c.hour)}:00-${hh((c.hour + 1) % 24)}:00`;
}
