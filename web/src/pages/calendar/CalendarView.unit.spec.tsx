// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter } from '../../app/router.js';
import { I18nProvider } from '../../i18n/i18n.js';
import { CalendarView, type CalendarViewProps } from './CalendarView.js';

afterEach(cleanup);

const NOW = new Date('2026-03-01T00:00:00Z');

function show(props: Partial<CalendarViewProps> & Pick<CalendarViewProps, 'view' | 'anchor' | 'timeZone'>) {
  const handlers = { onNavigate: vi.fn(), onViewChange: vi.fn() };
  const result = render(
    <I18nProvider locale="en">
      <MemoryRouter>
        <CalendarView now={NOW} {...handlers} {...props} />
      </MemoryRouter>
    </I18nProvider>,
  );
  return { ...result, ...handlers };
}

const cell = (container: HTMLElement, day: string, time: string, n = 0) => container.querySelectorAll<HTMLElement>(`[role=gridcell][data-day="${day}"][data-time="${time}"]`)[n]!;
// Plain selectors where the grid is big: role queries over ~800 cells are slow in jsdom.
const byRole = (role: string) => [...document.querySelectorAll<HTMLElement>(`[role=${role}]`)];
const hourLabels = () => byRole('rowheader').filter((h) => !h.querySelector('.visually-hidden')).map((h) => h.textContent);

describe('CalendarView week', () => {
  it('places intervals in the day and time cells of the viewer’s zone', () => {
    const { container } = show({
      view: 'week',
      anchor: '2026-03-04',
      timeZone: 'America/New_York',
      intervals: [
        { start: '2026-03-04T14:00:00Z', end: '2026-03-04T15:00:00Z', kind: 'busy' },
        // 17:30 Friday to 20:00 Friday in New York, midnight-crossing in UTC
        { start: '2026-03-06T22:30:00Z', end: '2026-03-07T01:00:00Z', kind: 'mine', label: 'Planning', href: '/bookings/b1' },
      ],
    });
    const headers = byRole('columnheader').slice(1);
    expect(headers.map((h) => h.textContent)).toEqual(['Mon 2', 'Tue 3', 'Wed 4', 'Thu 5', 'Fri 6', 'Sat 7', 'Sun 8']);
    expect(cell(container, '2026-03-04', '08:45').dataset.state).toBe('free');
    expect(['09:00', '09:15', '09:30', '09:45'].map((t) => cell(container, '2026-03-04', t).dataset.state)).toEqual(['busy', 'busy', 'busy', 'busy']);
    expect(cell(container, '2026-03-04', '10:00').dataset.state).toBe('free');
    expect(cell(container, '2026-03-03', '09:00').dataset.state).toBe('free');
    expect(cell(container, '2026-03-06', '17:15').dataset.state).toBe('free');
    expect(cell(container, '2026-03-06', '17:30').dataset.state).toBe('mine');
    expect(cell(container, '2026-03-06', '19:45').dataset.state).toBe('mine');
    expect(cell(container, '2026-03-06', '20:00').dataset.state).toBe('free');
    expect(cell(container, '2026-03-04', '09:00')).toHaveProperty('ariaLabel', 'Wednesday, March 4, 9:00 AM–9:15 AM: busy');

    const blocks = screen.getAllByTestId('busy-interval');
    expect(blocks.map((b) => [b.dataset.kind, b.dataset.start, b.dataset.end])).toEqual([
      ['busy', '2026-03-04T14:00:00.000Z', '2026-03-04T15:00:00.000Z'],
      ['mine', '2026-03-06T22:30:00.000Z', '2026-03-07T01:00:00.000Z'],
    ]);
    expect(within(blocks[1]!).getByRole('link')).toHaveProperty('pathname', '/bookings/b1');
    expect(blocks[1]!.textContent).toContain('Planning');
  });

  it('marks today and lists the kinds shown in the legend', () => {
    show({ view: 'week', anchor: '2026-03-01', timeZone: 'Europe/Lisbon', intervals: [{ start: '2026-03-01T09:00:00Z', end: '2026-03-01T10:00:00Z', kind: 'busy' }] });
    const today = byRole('columnheader').find((h) => h.getAttribute('aria-current') === 'date');
    expect(today?.textContent).toBe('Sun 1');
    expect(within(document.querySelector<HTMLElement>('ul[aria-label=Legend]')!).getAllByRole('listitem').map((li) => li.textContent?.trim())).toEqual(['Busy']);
  });
});

describe('CalendarView on DST days', () => {
  it('renders the 23 hours of the last Sunday of March in Lisbon', () => {
    const { container } = show({ view: 'day', anchor: '2026-03-29', timeZone: 'Europe/Lisbon' });
    expect(container.querySelectorAll('[role=gridcell][data-slot]')).toHaveLength(23 * 4);
    const labels = hourLabels();
    expect(labels).toHaveLength(23);
    expect(labels.slice(0, 3)).toEqual(['12:00 AM', '2:00 AM', '3:00 AM']);
    // 02:00 local is 01:00 UTC: the hour after midnight (00:00 UTC) was skipped.
    expect(cell(container, '2026-03-29', '02:00').dataset.start).toBe('2026-03-29T01:00:00.000Z');
  });

  it('renders the 25 hours of the last Sunday of October, the repeated hour twice', () => {
    const { container } = show({ view: 'day', anchor: '2026-10-25', timeZone: 'Europe/Lisbon' });
    expect(container.querySelectorAll('[role=gridcell][data-slot]')).toHaveLength(25 * 4);
    expect(hourLabels().filter((l) => l?.startsWith('1:00 AM'))).toEqual(['1:00 AM GMT+1', '1:00 AM GMT+0']);
    expect([cell(container, '2026-10-25', '01:00', 0).dataset.start, cell(container, '2026-10-25', '01:00', 1).dataset.start]).toEqual(['2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z']);
  });

  it('lines a DST week up by wall clock: the skipped hour is a gap only on Sunday', () => {
    const { container } = show({ view: 'week', anchor: '2026-03-25', timeZone: 'Europe/Lisbon' });
    expect(byRole('row')).toHaveLength(1 + 24 * 4);
    const gaps = container.querySelectorAll('.cal-gap');
    expect(gaps).toHaveLength(4);
    expect(cell(container, '2026-03-28', '01:00').dataset.state).toBe('free');
  });
});

describe('CalendarView selection', () => {
  const busy = [{ start: '2026-03-10T10:00:00Z', end: '2026-03-10T11:00:00Z', kind: 'busy' as const }];

  it('selects a dragged free range, snapped to 15 minutes', async () => {
    const onSelectRange = vi.fn();
    const { container } = show({ view: 'day', anchor: '2026-03-10', timeZone: 'UTC', intervals: busy, onSelectRange });
    const user = userEvent.setup();
    await user.pointer([{ keys: '[MouseLeft>]', target: cell(container, '2026-03-10', '08:30') }, { target: cell(container, '2026-03-10', '09:00') }, { target: cell(container, '2026-03-10', '09:45') }, { keys: '[/MouseLeft]' }]);
    expect(onSelectRange).toHaveBeenCalledTimes(1);
    expect(onSelectRange.mock.calls[0]!.slice(0, 2)).toEqual([new Date('2026-03-10T08:30:00Z'), new Date('2026-03-10T10:00:00Z')]);
  });

  it('refuses a dragged range across busy time', async () => {
    const onSelectRange = vi.fn();
    const { container } = show({ view: 'day', anchor: '2026-03-10', timeZone: 'UTC', intervals: busy, onSelectRange });
    const user = userEvent.setup();
    await user.pointer([{ keys: '[MouseLeft>]', target: cell(container, '2026-03-10', '09:30') }, { target: cell(container, '2026-03-10', '11:15') }, { keys: '[/MouseLeft]' }]);
    expect(onSelectRange).not.toHaveBeenCalled();
    expect(screen.getByTestId('calendar-message').textContent).toMatch(/overlaps busy/);
  });

  it('selects up to an hour of free time on a click', async () => {
    const onSelectRange = vi.fn();
    const { container } = show({ view: 'day', anchor: '2026-03-10', timeZone: 'UTC', intervals: busy, onSelectRange });
    await userEvent.setup().click(cell(container, '2026-03-10', '09:30'));
    expect(onSelectRange.mock.calls[0]!.slice(0, 2)).toEqual([new Date('2026-03-10T09:30:00Z'), new Date('2026-03-10T10:00:00Z')]);
  });

  it('selects with the keyboard: arrows move, Shift+arrows extend, Enter selects', async () => {
    const onSelectRange = vi.fn();
    // 13:00–14:00 on Wednesday in Tokyo
    const intervals = [{ start: '2026-03-11T04:00:00Z', end: '2026-03-11T05:00:00Z', kind: 'busy' as const }];
    const { container } = show({ view: 'week', anchor: '2026-03-10', timeZone: 'Asia/Tokyo', intervals, onSelectRange });
    const user = userEvent.setup();
    cell(container, '2026-03-10', '11:00').focus();
    await user.keyboard('{ArrowRight}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(cell(container, '2026-03-11', '12:00'));
    expect(container.querySelectorAll('[aria-selected=true]')).toHaveLength(0);
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{ArrowDown}{/Shift}');
    expect([...container.querySelectorAll<HTMLElement>('[aria-selected=true]')].map((c) => c.dataset.time)).toEqual(['12:00', '12:15', '12:30', '12:45']);
    await user.keyboard('{Enter}');
    expect(onSelectRange).toHaveBeenCalledTimes(1);
    expect(onSelectRange.mock.calls[0]!.slice(0, 2)).toEqual([new Date('2026-03-11T03:00:00Z'), new Date('2026-03-11T04:00:00Z')]);

    // One more step reaches the busy hour: refused.
    await user.keyboard('{Shift>}{ArrowDown}{ArrowDown}{ArrowDown}{ArrowDown}{/Shift}{Enter}');
    expect(onSelectRange).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('calendar-message').textContent).toMatch(/overlaps busy/);
  });
});

describe('CalendarView month', () => {
  it('counts the intervals touching each day and opens a day', async () => {
    const { onViewChange } = show({
      view: 'month',
      anchor: '2026-03-15',
      timeZone: 'UTC',
      intervals: [
        { start: '2026-03-10T09:00:00Z', end: '2026-03-10T10:00:00Z', kind: 'busy' },
        { start: '2026-03-10T13:00:00Z', end: '2026-03-10T14:00:00Z', kind: 'busy' },
        { start: '2026-03-10T15:00:00Z', end: '2026-03-10T16:00:00Z', kind: 'mine' },
        { start: '2026-03-12T22:00:00Z', end: '2026-03-13T02:00:00Z', kind: 'busy' },
        { start: '2026-03-14T00:00:00Z', end: '2026-03-15T00:00:00Z', kind: 'closed' },
      ],
    });
    const grid = screen.getByRole('grid', { name: 'Calendar, March 2026' });
    // 23 February to 5 April: six weeks under the weekday row
    expect(within(grid).getAllByRole('row')).toHaveLength(7);
    expect(within(grid).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    const day = (name: string) => within(grid).getByRole('button', { name });
    expect(day('Tuesday, March 10: 1 of yours, 2 busy')).toBeTruthy();
    expect(day('Thursday, March 12: 1 busy')).toBeTruthy();
    expect(day('Friday, March 13: 1 busy')).toBeTruthy();
    expect(day('Saturday, March 14: nothing booked')).toBeTruthy();
    expect(day('Sunday, March 1: nothing booked').closest('[role=gridcell]')?.getAttribute('aria-current')).toBe('date');
    await userEvent.setup().click(day('Tuesday, March 10: 1 of yours, 2 busy'));
    expect(onViewChange).toHaveBeenCalledWith('day', '2026-03-10');
  });
});

describe('CalendarView navigation', () => {
  it('moves by the view’s step, back to today, and between views', async () => {
    const { onNavigate, onViewChange } = show({ view: 'week', anchor: '2026-03-04', timeZone: 'UTC' });
    const user = userEvent.setup();
    const toolbar = within(document.querySelector<HTMLElement>('.cal-toolbar')!);
    expect(toolbar.getByRole('heading', { name: /^March 2\s–\s8, 2026$/ })).toBeTruthy();
    await user.click(toolbar.getByRole('button', { name: 'Next week' }));
    await user.click(toolbar.getByRole('button', { name: 'Previous week' }));
    await user.click(toolbar.getByRole('button', { name: 'Today' }));
    expect(onNavigate.mock.calls).toEqual([['2026-03-11'], ['2026-02-25'], ['2026-03-01']]);
    expect(toolbar.getByRole('button', { name: 'Week' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(toolbar.getByRole('button', { name: 'Month' }));
    await user.click(within(byRole('columnheader')[4]!).getByRole('button', { name: 'Open Thursday, March 5 in the day view' }));
    expect(onViewChange.mock.calls).toEqual([['month'], ['day', '2026-03-05']]);
  });

  it('moves months to the first so no month is skipped', async () => {
    const { onNavigate } = show({ view: 'month', anchor: '2026-01-31', timeZone: 'UTC' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Next month' }));
    expect(onNavigate).toHaveBeenCalledWith('2026-02-01');
  });
});

describe('CalendarView lanes', () => {
  const lanes = [
    { id: 'tejo', label: 'Tejo', href: '/spaces/tejo', intervals: [{ start: '2026-03-10T09:00:00Z', end: '2026-03-10T11:30:00Z', kind: 'busy' as const }] },
    { id: 'douro', label: 'Douro', intervals: [{ start: '2026-03-10T00:00:00Z', end: '2026-03-10T08:00:00Z', kind: 'closed' as const }, { start: '2026-03-10T18:00:00Z', end: '2026-03-11T00:00:00Z', kind: 'closed' as const }] },
  ];

  it('shows spaces side by side in the day view and selects in one of them', async () => {
    const onSelectRange = vi.fn();
    const { container } = show({ view: 'day', anchor: '2026-03-10', timeZone: 'UTC', lanes, onSelectRange });
    expect(byRole('columnheader').slice(1).map((h) => h.textContent)).toEqual(['Tejo', 'Douro']);
    const douroAt = (time: string) => container.querySelector<HTMLElement>(`[data-col="1"][data-time="${time}"]`)!;
    expect([douroAt('07:45').dataset.state, douroAt('08:00').dataset.state]).toEqual(['closed', 'free']);
    await userEvent.setup().pointer([{ keys: '[MouseLeft>]', target: douroAt('09:00') }, { target: douroAt('10:45') }, { keys: '[/MouseLeft]' }]);
    expect(onSelectRange).toHaveBeenCalledWith(new Date('2026-03-10T09:00:00Z'), new Date('2026-03-10T11:00:00Z'), 'douro');
  });

  it('sums busy hours per space and day in the week view', () => {
    show({ view: 'week', anchor: '2026-03-10', timeZone: 'UTC', lanes });
    const table = screen.getByRole('table', { name: /^Busy time per space, March 9\s–\s15, 2026$/ });
    expect(within(table).getByRole('button', { name: 'Tejo, Tuesday, March 10: 2.5 hours busy' }).textContent).toBe('2.5 h');
    expect(within(table).getByRole('button', { name: 'Douro, Tuesday, March 10: 0 hours busy' }).textContent).toBe('0 h');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
  });
});
