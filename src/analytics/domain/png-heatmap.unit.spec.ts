import { describe, expect, it } from 'vitest';
import { encodePng } from './png-encoder.js';
import { HEATMAP_PNG_SIZE, renderHeatmapPng } from './png-heatmap.js';
import { inspectPng } from './png-inspect.js';
import { sampleHeatmap } from './report-fixtures.js';
import { CLOSED_COLOUR, heatColour } from './report-heatmap.js';

describe('PNG encoder', () => {
  it('writes the signature, IHDR, tEXt, IDAT and IEND with valid CRCs and the exact pixels', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const png = inspectPng(encodePng({ width: 3, height: 2, rgb }, { Title: 'Zürich 東京' }));
    expect(png.chunks).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
    expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([3, 2, 8, 2]);
    expect(png.pixel(0, 0)).toEqual([255, 0, 0]);
    expect(png.pixel(2, 1)).toEqual([70, 80, 90]);
    expect(png.text.Title).toBe('Zürich ??');
  });

  it('refuses a pixel buffer of the wrong size', () => {
    expect(() => encodePng({ width: 2, height: 2, rgb: new Uint8Array(5) })).toThrow(/expected 12 bytes/);
  });

  it('the inspector catches a corrupted chunk', () => {
    const file = encodePng({ width: 1, height: 1, rgb: new Uint8Array(3) });
    file[20] ^= 0xff; // inside IHDR's data
    expect(() => inspectPng(file)).toThrow(/bad CRC in chunk IHDR/);
  });
});

describe('heatmap PNG', () => {
  it('draws each cell in its colour, closed hours grey, with title and description in tEXt', () => {
    const heatmap = sampleHeatmap();
    const png = inspectPng(renderHeatmapPng(heatmap));
    expect([png.width, png.height]).toEqual([HEATMAP_PNG_SIZE.width, HEATMAP_PNG_SIZE.height]);
    // Cell centres: grid from (40, 16), 28 px square cells.
    const centre = (isoWeekday: number, hour: number) => png.pixel(40 + hour * 28 + 14, 16 + (isoWeekday - 1) * 28 + 14);
    for (const c of heatmap.cells) expect(centre(c.isoWeekday, c.hour)).toEqual([...heatColour(c.sharePercent)]);
    expect(centre(7, 12)).toEqual([...CLOSED_COLOUR]);
    expect(centre(1, 9)).toEqual([...heatColour(100)]);
    expect(png.text.Title).toBe('Occupancy by weekday and hour: site Headquarters <HQ> & "annex"');
    expect(png.text.Description).toMatch(/Busiest: Monday 08:00-09:00 \(100\.0 %\)/);
  });
});
