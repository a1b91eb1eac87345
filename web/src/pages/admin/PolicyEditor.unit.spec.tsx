// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BookingPolicy } from '../../api/types.js';
import { aPolicy } from '../../testing/fixtures.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import { PolicyEditor } from './PolicyEditor.js';

const policy = aPolicy({ openingHours: { mon: [{ open: 480, close: 1200 }], tue: [{ open: 480, close: 1200 }] } });

afterEach(cleanup);

function setup(start: BookingPolicy = policy) {
  const onSave = vi.fn(async (_body: { policy: BookingPolicy }) => undefined);
  renderWithApp(<PolicyEditor policy={start} onSave={onSave} />, { permissions: 'all' });
  return { onSave, user: userEvent.setup() };
}

const day = (name: string) => screen.getByText(name, { selector: '.admin-day-name' }).closest('li')!;

describe('PolicyEditor', () => {
  it('turns every field into the PATCH body of the space', async () => {
    const { onSave, user } = setup();
    const slot = screen.getByLabelText('Time grid (minutes)');
    await user.clear(slot);
    await user.type(slot, '30');
    fireEvent.change(screen.getByLabelText('Shortest booking (minutes)'), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('Longest booking (minutes)'), { target: { value: '480' } });
    fireEvent.change(screen.getByLabelText('Bookable ahead (days)'), { target: { value: '30' } });
    fireEvent.change(screen.getByLabelText('Gap after each booking (minutes)'), { target: { value: '10' } });
    fireEvent.change(screen.getByLabelText('Change deadline (minutes before start)'), { target: { value: '1440' } });
    await user.click(screen.getByLabelText('Bookings need approval'));
    // Tuesday closes, Saturday opens 10:00 until midnight, Monday gets a second period.
    await user.click(within(day('Tuesday')).getByRole('button', { name: /Remove/ }));
    await user.click(within(day('Saturday')).getByRole('button', { name: /Add hours/ }));
    fireEvent.change(screen.getByLabelText('Saturday: opens'), { target: { value: '10:00' } });
    fireEvent.change(screen.getByLabelText('Saturday: closes'), { target: { value: '00:00' } });
    fireEvent.change(screen.getByLabelText('Monday: closes'), { target: { value: '12:00' } });
    await user.click(within(day('Monday')).getByRole('button', { name: /Add hours/ }));
    fireEvent.change(screen.getAllByLabelText('Monday: opens')[1]!, { target: { value: '13:00' } });
    fireEvent.change(screen.getAllByLabelText('Monday: closes')[1]!, { target: { value: '18:30' } });

    await user.click(screen.getByRole('button', { name: 'Save policy' }));

    expect(onSave).toHaveBeenCalledWith({
      policy: {
        openingHours: { mon: [{ open: 480, close: 720 }, { open: 780, close: 1110 }], sat: [{ open: 600, close: 1440 }] },
        slotMinutes: 30,
        minDurationMinutes: 60,
        maxDurationMinutes: 480,
        maxAdvanceDays: 30,
        bufferMinutes: 10,
        changeDeadlineMinutes: 1440,
        approvalRequired: true,
      },
    });
    expect(await screen.findByText('Saved.')).toBeTruthy();
  });

  it('sends null opening hours for a space open around the clock', async () => {
    const { onSave, user } = setup();
    await user.click(screen.getByLabelText('Open around the clock, every day'));
    expect(screen.queryByLabelText('Monday: opens')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(onSave).toHaveBeenCalledWith({ policy: { ...policy, openingHours: null } });
  });

  it('explains each mistake beside its field and sends nothing', async () => {
    const { onSave, user } = setup();
    fireEvent.change(screen.getByLabelText('Shortest booking (minutes)'), { target: { value: '120' } });
    fireEvent.change(screen.getByLabelText('Longest booking (minutes)'), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('Time grid (minutes)'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Bookable ahead (days)'), { target: { value: '5000' } });
    fireEvent.change(screen.getByLabelText('Gap after each booking (minutes)'), { target: { value: '2.5' } });
    fireEvent.change(screen.getByLabelText('Tuesday: closes'), { target: { value: '07:00' } });

    await user.click(screen.getByRole('button', { name: 'Save policy' }));

    expect(onSave).not.toHaveBeenCalled();
    const longest = screen.getByLabelText('Longest booking (minutes)');
    expect(longest.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(longest.getAttribute('aria-describedby')!.split(' ').pop()!)!.textContent).toBe('The longest booking cannot be shorter than the shortest.');
    expect(screen.getByText('Fill this in.')).toBeTruthy();
    expect(screen.getByText('Enter a value from 1 to 3660.')).toBeTruthy();
    expect(screen.getByText('Enter a whole number.')).toBeTruthy();
    expect(screen.getByText('Closing must come after opening.')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/Some fields need attention/);
  });

  it('refuses overlapping hours on one day', async () => {
    const { onSave, user } = setup();
    await user.click(within(day('Monday')).getByRole('button', { name: /Add hours/ }));
    fireEvent.change(screen.getAllByLabelText('Monday: opens')[1]!, { target: { value: '19:00' } });
    fireEvent.change(screen.getAllByLabelText('Monday: closes')[1]!, { target: { value: '21:00' } });
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText('These hours overlap other hours of the same day.')).toBeTruthy();
  });
});
