import { useId } from 'react';
import { ChartDataTable } from './ChartDataTable.js';
import { fitText, linearTicks } from './chart-scale.js';

export interface BarDatum {
  key: string;
  label: string;
  /** null: nothing to measure (e.g. no open time); drawn as a dash. */
  value: number | null;
}

interface BarChartProps {
  title: string;
  description: string;
  data: BarDatum[];
  width: number;
  /** Names of the axes: the categories and the values (with their unit). */
  categoryLabel: string;
  valueLabel: string;
  format(value: number): string;
  /** Text for a null value. */
  missing: string;
}

const ROW = 30;
const BAR = 18;
const TOP = 6;
const AXIS = 44;
const FONT = 12;

/** Horizontal bars from 0 on a rounded scale, one row per category, with gridlines, ticks and the value at each bar's end. */
export function BarChart({ title, description, data, width, categoryLabel, valueLabel, format, missing }: BarChartProps) {
  const id = useId();
  const labelWidth = Math.round(Math.min(200, Math.max(80, width * 0.32)));
  const valueRoom = 56;
  const plotWidth = Math.max(40, width - labelWidth - valueRoom);
  const ticks = linearTicks(Math.max(0, ...data.map((d) => d.value ?? 0)));
  const top = ticks[ticks.length - 1]!;
  const x = (v: number) => (v / top) * plotWidth;
  const plotHeight = data.length * ROW;
  const height = TOP + plotHeight + AXIS;
  return (
    <figure className="analytics-figure">
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} className="chart">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <g transform={`translate(${labelWidth},${TOP})`}>
          {ticks.map((tick) => (
            <g key={tick} className="chart-tick" transform={`translate(${x(tick)},0)`}>
              <line y1={0} y2={plotHeight} className="chart-grid" />
              <text y={plotHeight + 16} textAnchor="middle">
                {format(tick)}
              </text>
            </g>
          ))}
          <text className="chart-axis-label" x={plotWidth / 2} y={plotHeight + 36} textAnchor="middle">
            {valueLabel}
          </text>
          {data.map((d, i) => (
            <g key={d.key} className="chart-row" transform={`translate(0,${i * ROW})`}>
              <title>{`${d.label}: ${d.value === null ? missing : format(d.value)}`}</title>
              <text className="chart-category" x={-8} y={ROW / 2 + FONT / 3} textAnchor="end">
                {fitText(d.label, labelWidth - 12, FONT)}
              </text>
              {d.value !== null && <rect className="chart-bar" x={0} y={(ROW - BAR) / 2} width={x(d.value)} height={BAR} data-value={d.value} />}
              <text className="chart-value" x={(d.value === null ? 0 : x(d.value)) + 6} y={ROW / 2 + FONT / 3}>
                {d.value === null ? missing : format(d.value)}
              </text>
            </g>
          ))}
          <line className="chart-axis" x1={0} x2={0} y1={0} y2={plotHeight} />
        </g>
      </svg>
      <ChartDataTable caption={title} columns={[categoryLabel, valueLabel]} rows={data.map((d) => ({ key: d.key, label: d.label, value: d.value === null ? missing : format(d.value) }))} />
    </figure>
  );
}
