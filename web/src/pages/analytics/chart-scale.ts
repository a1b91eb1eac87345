/**
 * Axis ticks from 0 to a round top at or above `max`: the smallest step of 1, 2, 2.5 or 5 × 10^k
 * that needs at most `count` + 1 steps. `max` ≤ 0 (nothing to show) gives the ticks of `fallbackMax`.
 */
export function linearTicks(max: number, count = 4, fallbackMax = 10): number[] {
  const top = max > 0 ? max : fallbackMax;
  const magnitude = 10 ** Math.floor(Math.log10(top / (count + 1)));
  const step = [1, 2, 2.5, 5, 10, 20, 25, 50].map((m) => m * magnitude).find((s) => Math.ceil(top / s - 1e-9) <= count + 1)!;
  const steps = Math.ceil(top / step - 1e-9);
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Show every n-th category label so labels about `labelWidth` wide do not overlap in slots `slotWidth` wide. */
export function labelStride(slotWidth: number, labelWidth: number): number {
  return Math.max(1, Math.ceil(labelWidth / Math.max(slotWidth, 1)));
}

/** A rough width of a label in pixels at the charts' font size (no layout pass to measure it). */
export function textWidth(text: string, fontSize = 12): number {
  return text.length * fontSize * 0.6;
}

/** `text` cut to about `width` pixels, with an ellipsis when cut. */
export function fitText(text: string, width: number, fontSize = 12): string {
  const max = Math.floor(width / (fontSize * 0.6));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
