// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n.js';
import { heatLevel, OccupancyHeatmap, type HeatCell } from './OccupancyHeatmap.js';

afterEach(cleanup);

/** 168 cells, open Monday to Friday 09–12, with the shares given per "day-hour". */
function cells(shares: Record<string, number>): HeatCell[] {
  const out: HeatCell[] = [];
  for (let day = 1; day <= 7; day++)
    for (let hour = 0; hour < 24; hour++) {
      const open = day <= 5 && hour >= 9 && hour < 12;
      const share = open ? (shares[`${day}-${hour}`] ?? 0) : null;
      out.push({ isoWeekday: day, hour, sharePercent: share, bookedMinutes: open ? (share! / 100) * 240 : 0, checkedInMinutes: 0, availableMinutes: open ? 240 : 0, openOccurrences: open ? 4 : 0, busyOccurrences: 0 });
    }
  return out;
}

const renderHeatmap = (shares: Record<string, number>) =>
  render(
    <I18nProvider locale="en">
      <OccupancyHeatmap cells={cells(shares)} caption="Share booked" />
    </I18nProvider>,
  );

describe('OccupancyHeatmap', () => {
  it('steps colours by fifths, 0 and closed apart', () => {
    expect([null, 0, 5, 20, 45.5, 79.9, 80, 100].map(heatLevel)).toEqual(['closed', '0', '1', '2', '3', '4', '5', '5']);
  });

  it('shows the weekdays by the open hours only, each cell coloured by its share and holding its number', () => {
    renderHeatmap({ '1-9': 90, '2-10': 42.4 });
    const table = screen.getByRole('grid', { name: 'Share booked' });
    expect([...table.querySelectorAll('thead th')].map((h) => h.textContent)).toEqual(['09', '10', '11']);
    expect([...table.querySelectorAll('tbody th')].map((h) => h.textContent)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    const monday9 = table.querySelector('[data-cell="1-9"]')!;
    expect(monday9.className).toContain('heat-5');
    expect(monday9.textContent).toBe('90');
    const tuesday10 = table.querySelector('[data-cell="2-10"]')!;
    expect(tuesday10.className).toContain('heat-3');
    expect(tuesday10.textContent).toBe('42');
    expect(table.querySelector('[data-cell="3-11"]')!.className).toContain('heat-0');
    const saturday = table.querySelector('[data-cell="6-9"]')!;
    expect(saturday.className).toContain('heat-closed');
    expect(saturday.textContent).toBe('closed');
  });

  it('spells out the figures of the cell in focus, and arrow keys move the focus', () => {
    renderHeatmap({ '2-10': 42.4, '2-11': 10 });
    const table = screen.getByRole('grid');
    expect(table.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    const cell = table.querySelector<HTMLElement>('[data-cell="2-10"]')!;
    fireEvent.focus(cell);
    expect(screen.getByText('Tuesday 10:00–11:00: 42.4% booked (1.7 hr of 4 hr open)')).toBeTruthy();
    fireEvent.keyDown(cell, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(table.querySelector('[data-cell="2-11"]'));
    expect(screen.getByText('Tuesday 11:00–12:00: 10% booked (0.4 hr of 4 hr open)')).toBeTruthy();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(table.querySelector('[data-cell="3-11"]'));
    fireEvent.mouseEnter(table.querySelector('[data-cell="7-9"]')!);
    expect(screen.getByText('Sunday 09:00–10:00: closed')).toBeTruthy();
  });

  it('says so when nothing was open', () => {
    render(
      <I18nProvider locale="en">
        <OccupancyHeatmap cells={cells({}).map((c) => ({ ...c, availableMinutes: 0, sharePercent: null }))} caption="Share booked" />
      </I18nProvider>,
    );
    expect(screen.queryByRole('grid')).toBeNull();
    expect(screen.getByText('Nothing was open in this period.')).toBeTruthy();
  });
});
