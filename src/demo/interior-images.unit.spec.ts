import { describe, expect, it } from 'vitest';
import { DEMO_ORGANISATION } from './demo-organisation.js';
import { renderInteriorSvg } from './interior-images.js';

/** Checks that tags nest and close properly and that text has no raw markup characters. */
function assertWellFormedXml(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    expect(between, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
}

const spaces = DEMO_ORGANISATION.sites.flatMap((s) => s.spaces);

describe('renderInteriorSvg', () => {
  it('produces a well-formed, labelled SVG for every demo space', () => {
    for (const space of spaces) {
      const svg = renderInteriorSvg(space);
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(svg).toContain('role="img"');
      expect(svg).toContain('<title');
      expect(svg).not.toContain('NaN');
      expect(svg).not.toContain('undefined');
      assertWellFormedXml(svg);
    }
  });

  it('draws a different picture for every space, the same one every time', () => {
    const images = spaces.map((s) => renderInteriorSvg(s));
    expect(new Set(images).size).toBe(spaces.length);
    expect(spaces.map((s) => renderInteriorSvg(s))).toEqual(images);
    // Not only the caption differs: the drawing itself depends on the name.
    const drawing = (svg: string) => svg.split('\n').filter((line) => !line.includes('<text') && !line.includes('<title')).join('\n');
    const a = renderInteriorSvg({ name: 'Room A', kind: 'meeting_room', capacity: 8 });
    const b = renderInteriorSvg({ name: 'Room B', kind: 'meeting_room', capacity: 8 });
    expect(drawing(a)).not.toBe(drawing(b));
  });

  it('escapes names', () => {
    const svg = renderInteriorSvg({ name: 'Tom & Jerry\'s <Room> "1"', kind: 'studio', capacity: 3 });
    expect(svg).toContain('Tom &amp; Jerry&apos;s &lt;Room&gt; &quot;1&quot;');
    assertWellFormedXml(svg);
  });
});
