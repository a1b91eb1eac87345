// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BarChart } from './BarChart.js';
import { labelStride, linearTicks } from './chart-scale.js';
import { LineChart } from './LineChart.js';
import { trendBuckets } from './period.js';

afterEach(cleanup);

const percent = (v: number) => `${v}%`;
const common = { width: 600, categoryLabel: 'Space', valueLabel: 'Utilisation (%)', format: percent, missing: 'not open' };

describe('chart scales', () => {
  it('rounds the top of the axis up in the smallest 1, 2, 2.5 or 5 × 10^k steps that need at most five', () => {
    expect(linearTicks(57.14)).toEqual([0, 20, 40, 60]);
    expect(linearTicks(40.9)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(linearTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(linearTicks(3.2)).toEqual([0, 1, 2, 3, 4]);
    expect(linearTicks(0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(linearTicks(12.5)).toEqual([0, 2.5, 5, 7.5, 10, 12.5]);
    expect(linearTicks(0)).toEqual([0, 2, 4, 6, 8, 10]);
  });

  it('thins category labels so they do not overlap', () => {
    expect(labelStride(50, 40)).toBe(1);
    expect(labelStride(20, 45)).toBe(3);
  });

  it('cuts a period into days, weeks or months', () => {
    expect(trendBuckets({ from: '2026-03-01', to: '2026-03-04' })).toEqual({
      size: 'day',
      buckets: [{ from: '2026-03-01', to: '2026-03-02' }, { from: '2026-03-02', to: '2026-03-03' }, { from: '2026-03-03', to: '2026-03-04' }],
    });
    const weeks = trendBuckets({ from: '2026-01-05', to: '2026-02-20' });
    expect(weeks.size).toBe('week');
    expect(weeks.buckets[0]).toEqual({ from: '2026-01-05', to: '2026-01-12' });
    expect(weeks.buckets.at(-1)).toEqual({ from: '2026-02-16', to: '2026-02-20' });
    const months = trendBuckets({ from: '2025-11-15', to: '2026-06-01' });
    expect(months.size).toBe('month');
    expect(months.buckets.map((b) => b.from)).toEqual(['2025-11-15', '2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01']);
  });
});

describe('BarChart', () => {
  const data = [
    { key: 'a', label: 'Alfama', value: 50 },
    { key: 'b', label: 'Belém', value: 25 },
    { key: 'c', label: 'Hot desk', value: null },
  ];

  it('draws bars proportional to their values on a 0–60 axis, and none for a missing value', () => {
    const { container } = render(<BarChart {...common} title="Per space" description="Share booked" data={[...data, { key: 'd', label: 'Tejo', value: 57.14 }]} />);
    const bars = [...container.querySelectorAll('rect.chart-bar')];
    expect(bars.map((b) => b.getAttribute('data-value'))).toEqual(['50', '25', '57.14']);
    const widths = bars.map((b) => Number(b.getAttribute('width')));
    expect(widths[0]! / widths[1]!).toBeCloseTo(2);
    // The axis ends at 60: a bar of 57.14 fills 57.14/60 of the plot, one of 50 five sixths.
    expect(widths[2]! / widths[0]!).toBeCloseTo(57.14 / 50);
    const ticks = [...container.querySelectorAll('.chart-tick text')].map((t) => t.textContent);
    expect(ticks).toEqual(['0%', '20%', '40%', '60%']);
    const tickX = [...container.querySelectorAll('.chart-tick')].map((g) => Number(/translate\(([\d.]+),/.exec(g.getAttribute('transform')!)![1]));
    expect(widths[0]! / tickX[3]!).toBeCloseTo(50 / 60);
  });

  it('names the chart with <title> and <desc>, labels the axes and the categories', () => {
    render(<BarChart {...common} title="Per space" description="Share booked" data={data} />);
    const chart = screen.getByRole('img', { name: 'Per space Share booked' });
    expect(chart.querySelector('title')?.textContent).toBe('Per space');
    expect(chart.querySelector('desc')?.textContent).toBe('Share booked');
    expect([...chart.querySelectorAll('.chart-category')].map((t) => t.textContent)).toEqual(['Alfama', 'Belém', 'Hot desk']);
    expect(chart.querySelector('.chart-axis-label')?.textContent).toBe('Utilisation (%)');
  });

  it('gives screen readers a table with every number', () => {
    render(<BarChart {...common} title="Per space" description="Share booked" data={data} />);
    const table = screen.getByRole('table', { name: 'Per space' });
    expect(table.parentElement!.className).toBe('visually-hidden');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Space', 'Utilisation (%)']);
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.textContent)).toEqual(['Alfama50%', 'Belém25%', 'Hot desknot open']);
  });
});

describe('LineChart', () => {
  const data = [
    { key: '1', label: '1 Mar', value: 10 },
    { key: '2', label: '2 Mar', value: 30 },
    { key: '3', label: '3 Mar', value: null },
    { key: '4', label: '4 Mar', value: 40 },
  ];
  const props = { title: 'Over time', description: 'Per day', data, width: 400, height: 240, xLabel: 'Day', yLabel: 'Utilisation (%)', format: percent, missing: 'not open' };

  it('places points by value on the y axis and evenly along x, breaking the line at a missing value', () => {
    const { container } = render(<LineChart {...props} />);
    const points = [...container.querySelectorAll('circle.chart-point')];
    expect(points.map((p) => p.getAttribute('data-value'))).toEqual(['10', '30', '40']);
    const plotHeight = 240 - 30 - 50;
    const y = points.map((p) => Number(p.getAttribute('cy')));
    // Axis 0–40: 10 sits at three quarters down, 40 at the top.
    expect(y[0]).toBeCloseTo(plotHeight * 0.75);
    expect(y[2]).toBeCloseTo(0);
    const x = points.map((p) => Number(p.getAttribute('cx')));
    expect(x[1]! - x[0]!).toBeCloseTo((x[2]! - x[0]!) / 3);
    expect(container.querySelectorAll('path.chart-line')).toHaveLength(2);
    expect([...container.querySelectorAll('.chart-tick text')].map((t) => t.textContent)).toEqual(['0%', '10%', '20%', '30%', '40%']);
    expect([...container.querySelectorAll('.chart-x-label')].map((t) => t.textContent)).toEqual(['1 Mar', '2 Mar', '3 Mar', '4 Mar']);
  });

  it('has a title, a description and the hidden table of values', () => {
    render(<LineChart {...props} />);
    expect(screen.getByRole('img', { name: 'Over time Per day' })).toBeTruthy();
    const rows = within(screen.getByRole('table', { name: 'Over time' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['1 Mar10%', '2 Mar30%', '3 Marnot open', '4 Mar40%']);
  });
});
