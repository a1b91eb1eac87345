import { CLOSED_COLOUR, WEEKDAY_NAMES, cellLabel, colourStops, heatColour, heatmapSummary, heatmapTitle, hexOf, type Heatmap, type HeatmapCell } from './report-heatmap.js';

const CELL_W = 28;
const CELL_H = 24;
const LEFT = 96;
const TOP = 48;
const GRID_W = 24 * CELL_W;
const GRID_H = 7 * CELL_H;
const LEGEND_X = LEFT + GRID_W + 28;
const WIDTH = LEGEND_X + 100;
const HEIGHT = TOP + GRID_H + 64;

/** XML text and attribute values. */
function esc(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

function cellTitle(c: HeatmapCell): string {
  if (c.sharePercent === null) return `${cellLabel(c)}: never open`;
  return `${cellLabel(c)}: ${c.sharePercent.toFixed(2)} % booked (${c.bookedMinutes} of ${c.availableMinutes} open minutes; busy ${c.busyOccurrences} of ${c.openOccurrences} times)`;
}

/**
 * The heatmap as an accessible SVG chart: role=img named by its <title> and described by a
 * <desc> (period, busiest hours), labelled axes, a <title> per cell (what a pointer or screen
 * reader reports) and a legend with the colour scale and the colour of closed hours.
 */
export function renderHeatmapSvg(h: Heatmap): string {
  const title = heatmapTitle(h);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="heatmap-title heatmap-desc" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    `<title id="heatmap-title">${esc(title)}</title>`,
    `<desc id="heatmap-desc">${esc(heatmapSummary(h))}</desc>`,
    `<defs><linearGradient id="heatmap-scale" x1="0" y1="1" x2="0" y2="0">${colourStops()
      .map((s) => `<stop offset="${s.offsetPercent}%" stop-color="${s.colour}"/>`)
      .join('')}</linearGradient></defs>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<text x="${LEFT}" y="36" fill="#444444">${esc(`${h.period.from} up to ${h.period.to} (${h.subject.timeZone})`)}</text>`,
    `<g aria-label="Weekday axis">`,
    ...WEEKDAY_NAMES.map((d, i) => `<text x="${LEFT - 8}" y="${TOP + i * CELL_H + CELL_H / 2 + 4}" text-anchor="end">${d}</text>`),
    `</g>`,
    `<g aria-label="Hour axis">`,
    ...Array.from({ length: 24 }, (_, hour) => `<text x="${LEFT + hour * CELL_W + CELL_W / 2}" y="${TOP + GRID_H + 14}" text-anchor="middle">${String(hour).padStart(2, '0')}</text>`),
    `<text x="${LEFT + GRID_W / 2}" y="${TOP + GRID_H + 34}" text-anchor="middle" font-weight="bold">Hour of day (local time, ${esc(h.subject.timeZone)})</text>`,
    `</g>`,
    `<text transform="translate(16 ${TOP + GRID_H / 2}) rotate(-90)" text-anchor="middle" font-weight="bold">Weekday</text>`,
    `<g aria-label="Share of open time booked per weekday and hour">`,
    ...h.cells.map(
      (c) =>
        `<rect x="${LEFT + c.hour * CELL_W}" y="${TOP + (c.isoWeekday - 1) * CELL_H}" width="${CELL_W}" height="${CELL_H}" fill="${hexOf(heatColour(c.sharePercent))}" stroke="#ffffff"><title>${esc(cellTitle(c))}</title></rect>`,
    ),
    `</g>`,
    `<g aria-label="Legend">`,
    `<text x="${LEGEND_X}" y="${TOP - 8}" font-weight="bold">Booked</text>`,
    `<rect x="${LEGEND_X}" y="${TOP}" width="16" height="${GRID_H - 30}" fill="url(#heatmap-scale)" stroke="#888888"/>`,
    ...[100, 75, 50, 25, 0].map((p) => `<text x="${LEGEND_X + 22}" y="${TOP + ((100 - p) / 100) * (GRID_H - 30) + 4}">${p} %</text>`),
    `<rect x="${LEGEND_X}" y="${TOP + GRID_H - 16}" width="16" height="16" fill="${hexOf(CLOSED_COLOUR)}" stroke="#888888"/>`,
    `<text x="${LEGEND_X + 22}" y="${TOP + GRID_H - 4}">closed</text>`,
    `</g>`,
    `</svg>`,
  ];
  return `${out.join('\n')}\n`;
}
