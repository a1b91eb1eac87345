import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// WCAG 2.x contrast of the colour pairs the stylesheet puts text on, in the light and dark themes.
const css = readFileSync(path.join(import.meta.dirname, 'styles.css'), 'utf8');

function variables(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const light = variables(css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {'))));
const darkStart = css.indexOf(':root {', css.indexOf('prefers-color-scheme: dark'));
const dark = variables(css.slice(darkStart, css.indexOf('}', darkStart)));

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** [text, background]: body text and links need 4.5:1 (WCAG AA). */
const PAIRS: [string, string][] = [
  ['fg', 'bg'], ['fg', 'card'], ['muted', 'bg'], ['muted', 'card'], ['accent', 'bg'], ['accent', 'card'], ['accent', 'accent-soft'],
  ['accent-fg', 'accent'], ['danger-fg', 'danger'], ['danger', 'card'], ['fg', 'danger-soft'], ['ok', 'ok-soft'], ['warn', 'warn-soft'], ['danger', 'danger-soft'], ['fg', 'accent-soft'],
];

describe('colour contrast of the stylesheet (WCAG AA, 4.5:1 for text)', () => {
  it('reads both themes', () => {
    expect(Object.keys(light).length).toBeGreaterThan(10);
    expect(Object.keys(dark)).toEqual(expect.arrayContaining(Object.keys(light).filter((k) => !['radius', 'space'].includes(k))));
  });

  for (const [theme, colours] of [['light', light], ['dark', dark]] as const)
    it(`keeps text readable in the ${theme} theme`, () => {
      const failing = PAIRS.filter(([fg, bg]) => contrast(colours[fg]!, colours[bg]!) < 4.5).map(([fg, bg]) => `${fg} on ${bg}: ${contrast(colours[fg]!, colours[bg]!).toFixed(2)}`);
      expect(failing).toEqual([]);
    });
});
