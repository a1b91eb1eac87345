import { encodePng } from './png-encoder.js';
import { GLYPH_HEIGHT, Raster, textWidthPx } from './png-raster.js';
import { CLOSED_COLOUR, heatColour, heatmapSummary, heatmapTitle, type Heatmap, type Rgb } from './report-heatmap.js';

const CELL_W = 28;
const CELL_H = 28;
const SCALE = 2;
const LEFT = 40;
const TOP = 16;
const GRID_W = 24 * CELL_W;
const GRID_H = 7 * CELL_H;
const LEGEND_X = LEFT + GRID_W + 20;
export const HEATMAP_PNG_SIZE = { width: LEGEND_X + 80, height: TOP + GRID_H + 16 + GLYPH_HEIGHT * SCALE + 12 } as const;

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [40, 40, 40];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/**
 * The heatmap as a PNG raster: a cell per weekday × hour in the colours of the SVG, weekday
 * initials down the side, every third hour along the bottom, a colour scale (0–100 %) and the
 * labelled closed-hours swatch at the right. The title and the description ride in tEXt chunks.
 */
export function renderHeatmapPng(h: Heatmap): Buffer {
  const { width, height } = HEATMAP_PNG_SIZE;
  const img = new Raster(width, height, WHITE);
  for (const c of h.cells) {
    // A one-pixel white gap between cells, as the SVG's stroke.
    img.fillRect(LEFT + c.hour * CELL_W + 1, TOP + (c.isoWeekday - 1) * CELL_H + 1, CELL_W - 2, CELL_H - 2, heatColour(c.sharePercent));
  }
  DAYS.forEach((day, i) => img.text(LEFT - 8 - textWidthPx(day, SCALE), TOP + i * CELL_H + (CELL_H - GLYPH_HEIGHT * SCALE) / 2, day, SCALE, INK));
  for (let hour = 0; hour < 24; hour += 3) {
    const label = String(hour).padStart(2, '0');
    img.text(LEFT + hour * CELL_W + (CELL_W - textWidthPx(label, SCALE)) / 2, TOP + GRID_H + 8, label, SCALE, INK);
  }
  const barH = GRID_H - 40;
  for (let y = 0; y < barH; y++) img.fillRect(LEGEND_X, TOP + y, 16, 1, heatColour(100 - (100 * y) / (barH - 1)));
  img.text(LEGEND_X + 22, TOP, '100%', 1, INK);
  img.text(LEGEND_X + 22, TOP + barH - GLYPH_HEIGHT, '0%', 1, INK);
  img.fillRect(LEGEND_X, TOP + GRID_H - 20, 16, 16, CLOSED_COLOUR);
  img.text(LEGEND_X + 22, TOP + GRID_H - 12 - GLYPH_HEIGHT / 2, 'closed', 1, INK);
  return encodePng(img, { Title: heatmapTitle(h), Description: heatmapSummary(h), Software: 'Reserva' });
}
