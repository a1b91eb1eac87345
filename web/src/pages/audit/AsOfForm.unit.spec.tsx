// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../i18n/i18n.js';
import { AsOfForm, type AsOfQuestion } from './AsOfForm.js';

afterEach(cleanup);

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
