import { describe, expect, it } from 'vitest';
import { renderHeatmapSvg } from './heatmap-svg.js';
import { sampleHeatmap } from './report-fixtures.js';
import { CLOSED_COLOUR, heatColour, hexOf } from './report-heatmap.js';

/** Tags open and close in order (a well-formedness check without an XML parser). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('heatmap SVG', () => {
  const heatmap = sampleHeatmap();
  const svg = renderHeatmapSvg(heatmap);

  it('is a well-formed, accessible image: role=img named by its title and described by a desc', () => {
    expect(balanced(svg)).toBe(true);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-labelledby="heatmap-title heatmap-desc"/);
    expect(svg).toContain('<title id="heatmap-title">Occupancy by weekday and hour: site Headquarters &lt;HQ&gt; &amp; &quot;annex&quot;</title>');
    expect(svg).toMatch(/<desc id="heatmap-desc">Share of open time booked, from 2026-03-01 up to 2026-04-01, local time Europe\/Zurich, over 12 spaces\. Busiest: Monday 08:00-09:00 \(100\.0 %\)/);
  });

  it('labels both axes and has a legend with the scale and the closed colour', () => {
    for (const day of ['Monday', 'Sunday']) expect(svg).toContain(`>${day}</text>`);
    for (const hour of ['00', '12', '23']) expect(svg).toContain(`>${hour}</text>`);
    expect(svg).toContain('Hour of day (local time, Europe/Zurich)');
    expect(svg).toContain('>Weekday</text>');
    expect(svg).toContain('aria-label="Legend"');
    expect(svg).toContain('>100 %</text>');
    expect(svg).toContain(`fill="${hexOf(CLOSED_COLOUR)}" stroke="#888888"/>`);
    expect(svg).toContain('>closed</text>');
  });

  it('draws 168 cells in the colours of their share, each titled with its figures', () => {
    const cells = [...svg.matchAll(/<rect x="(\d+)" y="(\d+)" width="28" height="24" fill="(#[0-9a-f]{6})" stroke="#ffffff"><title>([^<]*)<\/title><\/rect>/g)];
    expect(cells).toHaveLength(168);
    heatmap.cells.forEach((c, i) => expect(cells[i]![3]).toBe(hexOf(heatColour(c.sharePercent))));
    expect(cells[8]![4]).toBe('Monday 08:00-09:00: 100.00 % booked (240 of 240 open minutes; busy 2 of 4 times)');
    expect(cells[167]![4]).toBe('Sunday 23:00-00:00: never open');
  });
});
