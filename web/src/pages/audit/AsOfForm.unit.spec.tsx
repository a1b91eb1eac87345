// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n.js';
import { AsOfForm, type AsOfQuestion } from './AsOfForm.js';
import { instantFromLocalInput, localInputFromInstant } from './local-instant.js';

afterEach(cleanup);

describe('datetime-local ↔ instant in the viewer’s zone', () => {
  it('reads a wall-clock time in the zone, seconds optional', () => {
    expect(instantFromLocalInput('2026-07-01T09:30', 'Europe/Lisbon')).toBe('2026-07-01T08:30:00.000Z');
    expect(instantFromLocalInput('2026-01-15T09:30:15', 'Europe/Lisbon')).toBe('2026-01-15T09:30:15.000Z');
    expect(instantFromLocalInput('2026-11-24T12:00', 'America/New_York')).toBe('2026-11-24T17:00:00.000Z');
    expect(instantFromLocalInput('2026-11-24T09:00', 'Asia/Tokyo')).toBe('2026-11-24T00:00:00.000Z');
  });

  it('moves a time skipped by spring-forward forward, and takes the earlier of a repeated one', () => {
    // Lisbon, 29 March 2026: 01:00 → 02:00. 25 October 2026: 02:00 → 01:00.
    expect(instantFromLocalInput('2026-03-29T01:30', 'Europe/Lisbon')).toBe('2026-03-29T01:30:00.000Z');
    expect(instantFromLocalInput('2026-10-25T01:30', 'Europe/Lisbon')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses an incomplete value', () => {
    expect(instantFromLocalInput('', 'UTC')).toBeNull();
    expect(instantFromLocalInput('2026-07-01', 'UTC')).toBeNull();
  });

  it('shows an instant on the zone’s wall clock to the second, as browsers normalise it', () => {
    expect(localInputFromInstant('2026-07-01T08:30:05.360Z', 'Europe/Lisbon')).toBe('2026-07-01T09:30:05');
    expect(localInputFromInstant('2026-11-24T17:00:00.000Z', 'America/New_York')).toBe('2026-11-24T12:00');
  });
});

describe('AsOfForm', () => {
  const renderForm = (props: Partial<AsOfQuestion> = {}) => {
    const onSubmit = vi.fn<(q: AsOfQuestion) => void>();
    render(
      <I18nProvider locale="en">
        <AsOfForm timeZone="America/New_York" zoneLabel="New York (GMT-5)" asOf={props.asOf ?? '2026-11-24T17:00:00.360Z'} validAt={props.validAt} onSubmit={onSubmit} />
      </I18nProvider>,
    );
    return onSubmit;
  };

  it('shows the asked instant in the viewer’s zone and keeps it exact when not edited', () => {
    const onSubmit = renderForm();
    expect(screen.getByLabelText('As of')).toHaveProperty('value', '2026-11-24T12:00');
    fireEvent.click(screen.getByRole('button', { name: 'Show state' }));
    expect(onSubmit).toHaveBeenCalledWith({ asOf: '2026-11-24T17:00:00.360Z' });
  });

  it('turns the typed wall-clock times into instants, valid time included', () => {
    const onSubmit = renderForm();
    fireEvent.change(screen.getByLabelText('As of'), { target: { value: '2026-11-20T08:15:30' } });
    fireEvent.change(screen.getByLabelText('Held its space at (optional)'), { target: { value: '2026-11-30T12:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show state' }));
    expect(onSubmit).toHaveBeenCalledWith({ asOf: '2026-11-20T13:15:30.000Z', validAt: '2026-11-30T17:30:00.000Z' });
  });

  it('asks for a complete date and time', () => {
    const onSubmit = renderForm();
    fireEvent.change(screen.getByLabelText('As of'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show state' }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a date and a time.')).toBeTruthy();
  });
});
