import { useId } from 'react';
import { ChartDataTable } from './ChartDataTable.js';
import { labelStride, linearTicks, textWidth } from './chart-scale.js';

export interface LinePoint {
  key: string;
  /** The x-axis label ("3 Mar"). */
  label: string;
  /** null: no value there (nothing open); the line breaks. */
  value: number | null;
}

interface LineChartProps {
  title: string;
  description: string;
  data: LinePoint[];
  width: number;
  height?: number;
  xLabel: string;
  yLabel: string;
  format(value: number): string;
  missing: string;
}

// The y-axis name sits above the plot, level: rotated it would not fit beside a short plot on a phone.
const PAD = { top: 30, right: 16, bottom: 50, left: 48 };

/** A line over a shaded area, from 0 on a rounded scale; gaps where a value is missing. */
export function LineChart({ title, description, data, width, height = 240, xLabel, yLabel, format, missing }: LineChartProps) {
  const id = useId();
  const plotWidth = Math.max(40, width - PAD.left - PAD.right);
  const plotHeight = height - PAD.top - PAD.bottom;
  const ticks = linearTicks(Math.max(0, ...data.map((d) => d.value ?? 0)));
  const top = ticks[ticks.length - 1]!;
  const slot = data.length > 1 ? plotWidth / (data.length - 1) : plotWidth;
  const x = (i: number) => (data.length > 1 ? i * slot : plotWidth / 2);
  const y = (v: number) => plotHeight - (v / top) * plotHeight;
  const stride = labelStride(slot, Math.max(...data.map((d) => textWidth(d.label)), 0) + 8);
  // Runs of consecutive values: each is drawn as its own line and area.
  const runs: { i: number; v: number }[][] = [];
  data.forEach((d, i) => {
    if (d.value === null) return;
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1]!.i === i - 1) last.push({ i, v: d.value });
    else runs.push([{ i, v: d.value }]);
  });
  const line = (run: { i: number; v: number }[]) => run.map((p, k) => `${k ? 'L' : 'M'}${x(p.i).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
  return (
    <figure className="analytics-figure">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <g transform={`translate(${PAD.left},${PAD.top})`}>
          {ticks.map((tick) => (
            <g key={tick} className="chart-tick" transform={`translate(0,${y(tick)})`}>
              <line x1={0} x2={plotWidth} className="chart-grid" />
              <text x={-6} y={4} textAnchor="end">
                {format(tick)}
              </text>
            </g>
          ))}
          <text className="chart-axis-label" x={-PAD.left + 4} y={-PAD.top + 14}>
            {yLabel}
          </text>
          {data.map((d, i) =>
            i % stride === 0 ? (
              <text key={d.key} className="chart-x-label" x={x(i)} y={plotHeight + 16} textAnchor="middle">
                {d.label}
              </text>
            ) : null,
          )}
          <text className="chart-axis-label" x={plotWidth / 2} y={plotHeight + 40} textAnchor="middle">
            {xLabel}
          </text>
          {runs.map((run) => (
            <g key={run[0]!.i}>
              {run.length > 1 && <path className="chart-area" d={`${line(run)} L${x(run[run.length - 1]!.i).toFixed(1)},${plotHeight} L${x(run[0]!.i).toFixed(1)},${plotHeight} Z`} />}
              <path className="chart-line" d={line(run)} />
            </g>
          ))}
          {data.map((d, i) =>
            d.value === null ? null : (
              <circle key={d.key} className="chart-point" cx={x(i)} cy={y(d.value)} r={3} data-value={d.value}>
                <title>{`${d.label}: ${format(d.value)}`}</title>
              </circle>
            ),
          )}
          <line className="chart-axis" x1={0} x2={plotWidth} y1={plotHeight} y2={plotHeight} />
        </g>
      </svg>
      <ChartDataTable caption={title} columns={[xLabel, yLabel]} rows={data.map((d) => ({ key: d.key, label: d.label, value: d.value === null ? missing : format(d.value) }))} />
    </figure>
  );
}
