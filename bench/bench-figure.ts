/** One measured figure of a benchmark, optionally beside the baseline it is judged against. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline.value */
  ratio?: number;
  /** What the ratio (or value) should reach, e.g. `≥ 0.7`. */
  target?: string;
}

/** A plain-text table of figures, one per line, with baseline and ratio where present. */
export function formatBenchFigures(figures: BenchFigure[]): string {
  const rows = figures.map((f) => [
    f.name,
    `${formatNumber(f.value)} ${f.unit}`,
    f.baseline ? `${f.baseline.name}: ${formatNumber(f.baseline.value)}` : '',
    f.ratio !== undefined ? f.ratio.toFixed(2) : '',
    f.target ?? '',
  ]);
  const header = ['figure', 'value', 'baseline', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Counts print as they are ("0", "66", "12,000"); measured fractions keep 3 significant digits. */
function formatNumber(value: number): string {
  if (Number.isInteger(value) || Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}
