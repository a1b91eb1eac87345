// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/api-problem.js';
import type { Booking, BookingDetails, BookingPreview, ChangeBookingRequest, Problem, RequestBookingRequest, Resource, Space } from '../../api/types.js';
import { aPolicy, aResource, aSpace } from '../../testing/fixtures.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import { formatRange } from '../../time/format.js';
import { BookingForm, type BookingFormPorts, type BookingFormProps } from './BookingForm.js';

// The viewer is in Lisbon (UTC+0 in December), the space in New York (UTC-5).
const VIEWER_ZONE = 'Europe/Lisbon';
const SITE_ZONE = 'America/New_York';

const space: Space = aSpace({ timeZone: SITE_ZONE, name: 'Hudson', capacity: 8, policy: aPolicy({ approvalRequired: true }) });
const resource = (id: string, name: string, quantity: number): Resource => aResource({ id, name, quantity, timeZone: SITE_ZONE });
const projector = resource('40000000-0000-4000-8000-000000000001', 'Projector', 4);
const chairs = resource('40000000-0000-4000-8000-000000000002', 'Chairs', 20);

const START = '2026-12-01T14:00:00.000Z';
const END = '2026-12-01T15:00:00.000Z';
const saved: Booking = { id: 'b-1', spaceId: space.id, bookerId: 'u-1', status: 'confirmed', start: START, end: END, purpose: '', participants: 1, resources: [], revision: 1 };
const fine: BookingPreview = { acceptable: true, outcome: 'confirmed', problems: [] };

const problem = (kind: string, status: number, extra: Partial<Problem> = {}): Problem => ({ type: `urn:reserva:problem:${kind}`, title: kind, status, detail: '', instance: '/api/v1/bookings', ...extra });

function createPorts(preview: BookingPreview = fine) {
  return {
    mode: 'create' as const,
    preview: vi.fn<(body: RequestBookingRequest) => Promise<BookingPreview>>(async () => preview),
    submit: vi.fn<(body: RequestBookingRequest, key: string) => Promise<Booking>>(async () => saved),
  };
}

function renderForm(ports: BookingFormPorts, props: Partial<BookingFormProps> = {}) {
  const onSaved = vi.fn();
  renderWithApp(<BookingForm ports={ports} space={space} resources={[projector, chairs]} initial={{ start: START, end: END }} onSaved={onSaved} previewDelay={0} {...props} />, {
    path: '/book',
    timeZone: VIEWER_ZONE,
    permissions: 'all',
  });
  return { onSaved };
}

const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const setValue = (label: string | RegExp, value: string) => fireEvent.change(input(label), { target: { value } });
/** The error shown in the same field as the input. */
const errorBeside = (label: string | RegExp) => input(label).closest('.field')?.querySelector('.field-error')?.textContent;
const previewRegion = () => screen.getByTestId('booking-preview');
const statusRegion = () => screen.getByTestId('booking-status');
const alertInStatus = () =>
  waitFor(() => {
    const alert = statusRegion().querySelector('[role="alert"]');
    if (!alert) throw new Error('no refusal shown yet');
    return alert;
  });

afterEach(cleanup);

describe('BookingForm preview', () => {
  it('shows the conflicts the preview reports, with their times, and then the broken rules', async () => {
    const ports = createPorts();
    ports.preview
      .mockResolvedValueOnce({
        acceptable: false,
        problems: [
          problem('conflict', 409, {
            conflicts: [
              { start: '2026-12-01T13:30:00.000Z', end: '2026-12-01T14:30:00.000Z', targetId: space.id, holder: { kind: 'booking' } },
              { start: '2026-12-01T14:00:00.000Z', end: '2026-12-01T16:00:00.000Z', targetId: projector.id, holder: { kind: 'booking', id: 'other-booking' } },
            ],
          }),
        ],
      })
      .mockResolvedValue({
        acceptable: false,
        problems: [
          problem('rule-violated', 422, {
            errors: [
              { field: 'end', message: 'the booking may last at most 240 minutes (it lasts 300)' },
              { field: 'start', message: 'start is outside the opening hours of the space' },
            ],
          }),
        ],
      });
    renderForm(ports);

    await waitFor(() => expect(previewRegion().textContent).toContain('The time is taken.'));
    const region = previewRegion().textContent!;
    expect(region).toContain(`Booked ${formatRange('2026-12-01T13:30:00.000Z', '2026-12-01T14:30:00.000Z', 'en', VIEWER_ZONE)}`);
    expect(region).toContain(`Projector: too few left ${formatRange('2026-12-01T14:00:00.000Z', '2026-12-01T16:00:00.000Z', 'en', VIEWER_ZONE)}`);
    expect(screen.getByRole('link', { name: 'Open that booking' }).getAttribute('href')).toBe('/bookings/other-booking');

    setValue('End', '19:00');
    await waitFor(() => expect(previewRegion().textContent).toContain('The rules of this space do not allow it.'));
    expect(previewRegion().textContent).toContain('End: Too long: at most 4 hr (this is 5 hr).');
    expect(previewRegion().textContent).toContain('Start: The space is closed at this start time.');
    // The preview asked about what the form shows: 14:00–19:00 in Lisbon.
    expect(ports.preview).toHaveBeenLastCalledWith(expect.objectContaining({ start: START, end: '2026-12-01T19:00:00.000Z' }));
  });

  it('says when the booking would wait for approval, and states the space’s policy in words', async () => {
    const ports = createPorts({ acceptable: true, outcome: 'pending_approval', problems: [] });
    renderForm(ports);
    await waitFor(() => expect(previewRegion().textContent).toContain('this space needs approval'));
    expect(screen.getByTestId('booking-submit').textContent).toBe('Request booking');
    const policy = screen.getByRole('heading', { name: 'Rules of this space' }).parentElement!.textContent!;
    expect(policy).toContain('Up to 8 people.');
    expect(policy).toContain('Open Mon–Fri 8:00 AM–8:00 PM (site time, New York (GMT-5)).');
    expect(policy).toContain('Bookings last from 30 min to 4 hr, starting and ending on a 15 min grid.');
    expect(policy).toContain('Book at most 90 days ahead.');
    expect(policy).toContain('Change or cancel until 1 hr before the start.');
    expect(policy).toContain('Bookings need a manager’s approval.');
  });
});

describe('BookingForm submit', () => {
  it('sends instants converted from the zone the times are typed in, with the resources and their quantities', async () => {
    const ports = createPorts();
    const { onSaved } = renderForm(ports);
    const u = userEvent.setup();

    // In the viewer's zone: Lisbon is UTC+0 in December.
    setValue('Date', '2026-12-02');
    setValue('Start', '10:00');
    setValue('End', '11:30');
    expect(screen.getByTestId('booking-other-zone').textContent).toBe(`In New York (GMT-5): ${formatRange('2026-12-02T10:00:00.000Z', '2026-12-02T11:30:00.000Z', 'en', SITE_ZONE)}`);

    // Switching to the site's zone shows the same instants as New York wall clocks…
    await u.click(screen.getByLabelText(/the site’s time zone/));
    expect(input('Start').value).toBe('05:00');
    expect(input('End').value).toBe('06:30');
    // …and times typed now are New York times.
    setValue('Start', '09:00');
    setValue('End', '10:00');

    setValue('Purpose or title', '  Quarterly review ');
    setValue('Participants', '6');
    setValue('Projector', '2');
    await u.click(screen.getByLabelText(/^Private/));
    await u.click(screen.getByTestId('booking-submit'));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(saved));
    expect(ports.submit).toHaveBeenCalledTimes(1);
    const [body, key] = ports.submit.mock.calls[0]!;
    expect(body).toEqual({
      spaceId: space.id,
      start: '2026-12-02T14:00:00.000Z',
      end: '2026-12-02T15:00:00.000Z',
      purpose: 'Quarterly review',
      participants: 6,
      resources: [{ resourceId: projector.id, quantity: 2 }],
      private: true,
    });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('does not send the booking twice on a double click', async () => {
    const ports = createPorts();
    let answer!: (b: Booking) => void;
    ports.submit.mockImplementation(() => new Promise<Booking>((resolve) => (answer = resolve)));
    const { onSaved } = renderForm(ports);
    await userEvent.setup().dblClick(screen.getByTestId('booking-submit'));
    expect(ports.submit).toHaveBeenCalledTimes(1);
    expect(statusRegion().textContent).toContain('Booking…');
    answer(saved);
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(ports.submit).toHaveBeenCalledTimes(1);
  });

  it('retries with the same Idempotency-Key after no answer, and with a new one after a refusal', async () => {
    const ports = createPorts();
    ports.submit.mockRejectedValueOnce(ApiProblem.network('/bookings', new TypeError('Failed to fetch'))).mockRejectedValueOnce(new ApiProblem(problem('conflict', 409)));
    renderForm(ports);
    const u = userEvent.setup();
    await u.click(screen.getByTestId('booking-submit'));
    await waitFor(() => expect(statusRegion().textContent).toContain('The server could not be reached.'));
    expect(statusRegion().textContent).toContain('the same request is never booked twice');
    await u.click(screen.getByTestId('booking-submit'));
    await waitFor(() => expect(statusRegion().textContent).toContain('The time is taken.'));
    await u.click(screen.getByTestId('booking-submit'));
    await waitFor(() => expect(ports.submit).toHaveBeenCalledTimes(3));
    const keys = ports.submit.mock.calls.map(([, key]) => key);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('asks for blank times before sending anything', async () => {
    const ports = createPorts();
    renderForm(ports);
    setValue('Start', '');
    await userEvent.setup().click(screen.getByTestId('booking-submit'));
    expect(errorBeside('Start')).toBe('Fill this in.');
    expect(statusRegion().textContent).toContain('Fill in the marked fields first.');
    expect(ports.submit).not.toHaveBeenCalled();
  });
});

describe('BookingForm rejections', () => {
  const cases: { name: string; problem: Problem; says: string[]; beside?: [string, string][] }[] = [
    {
      name: 'a taken slot (409)',
      problem: problem('conflict', 409, { conflicts: [{ start: START, end: END, targetId: space.id, holder: { kind: 'blackout', id: 'x' } }] }),
      says: ['The time is taken.', `Closed ${formatRange(START, END, 'en', VIEWER_ZONE)}`],
    },
    {
      name: 'broken rules (422)',
      problem: problem('rule-violated', 422, {
        errors: [
          { field: 'participants', message: 'participants (9) exceed the capacity of the space (8)' },
          { field: 'resources.0.quantity', message: `quantity (5) exceeds the stock of resource ${projector.id} (4)` },
          { field: 'start', message: 'start must be at most 90 days ahead' },
          { field: 'spaceId', message: `space ${space.id} is retired and can no longer be booked` },
        ],
      }),
      says: ['The rules of this space do not allow it.', 'Space: This space is no longer in use.', 'See the marked fields.'],
      beside: [
        ['Participants', 'Too many: 9 people, the space holds 8.'],
        ['Projector', 'Only 4 in stock (5 asked).'],
        ['Start', 'Too far ahead: at most 90 days from now.'],
      ],
    },
    {
      name: 'invalid input (400)',
      problem: problem('invalid-request', 400, { errors: [{ field: 'end', message: 'end must be after start' }] }),
      says: ['Some fields are not filled in correctly.'],
      beside: [['End', 'The end must be after the start.']],
    },
    { name: 'a missing space (404)', problem: problem('not-found', 404, { detail: 'space x was not found' }), says: ['The space, a resource or the booking no longer exists.', 'space x was not found'] },
    { name: 'no permission (403)', problem: problem('forbidden', 403), says: ['Your account may not do this here.'] },
    { name: 'too many attempts (429)', problem: problem('too-many-requests', 429), says: ['Too many attempts. Wait a moment and try again.'] },
    { name: 'the same attempt still running (409)', problem: problem('idempotency-key-in-use', 409), says: ['Your booking is still being processed.'] },
    { name: 'a key used for another body (422)', problem: problem('idempotency-key-reused', 422), says: ['This attempt was already used for a different request.'] },
    { name: 'a stale revision (412)', problem: problem('precondition-failed', 412), says: ['Someone changed this booking in the meantime.'] },
    { name: 'no service (503)', problem: problem('unavailable', 503), says: ['Booking is briefly unavailable.'] },
    { name: 'a server fault (500)', problem: problem('internal-error', 500), says: ['Something went wrong on our side.'] },
    { name: 'an unexpected answer (413)', problem: problem('payload-too-large', 413), says: ['The request failed (413).'] },
  ];

  it.each(cases)('tells $name', async ({ problem: refusal, says, beside = [] }) => {
    const ports = createPorts();
    ports.submit.mockRejectedValue(new ApiProblem(refusal));
    renderForm(ports);
    // Five projectors: the body's first resource line, which `resources.0.quantity` names.
    setValue('Projector', '5');
    await userEvent.setup().click(screen.getByTestId('booking-submit'));
    const alert = await alertInStatus();
    for (const text of says) expect(alert.textContent).toContain(text);
    for (const [label, text] of beside) {
      expect(errorBeside(label)).toBe(text);
      expect(input(label).getAttribute('aria-invalid')).toBe('true');
      // Placed beside its input, the issue is not repeated in the summary.
      expect(alert.textContent).not.toContain(text);
    }
  });
});

describe('BookingForm edit mode', () => {
  const booking: BookingDetails = {
    id: 'b-7',
    spaceId: space.id,
    siteId: space.siteId,
    bookerId: 'u-1',
    status: 'confirmed',
    start: START,
    end: END,
    purpose: 'Standup',
    participants: 4,
    resources: [{ resourceId: projector.id, quantity: 1 }],
    revision: 7,
    timeZone: SITE_ZONE,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
  };
  const editPorts = () => ({
    mode: 'edit' as const,
    booking,
    preview: vi.fn<(changes: ChangeBookingRequest, revision: number) => Promise<BookingPreview>>(async () => fine),
    submit: vi.fn<(changes: ChangeBookingRequest, revision: number) => Promise<Booking>>(async () => ({ ...saved, revision: 8 })),
  });

  it('starts from the booking, sends only what changed with the revision it was based on', async () => {
    const ports = editPorts();
    const { onSaved } = renderForm(ports, { initial: undefined });
    expect(input('Start').value).toBe('14:00');
    expect(input('Purpose or title').value).toBe('Standup');
    expect(input('Projector').value).toBe('1');
    expect(screen.queryByLabelText(/^Private/)).toBeNull();
    expect((screen.getByTestId('booking-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(previewRegion().textContent).toContain('Change something');

    setValue('End', '15:30');
    setValue('Participants', '5');
    const u = userEvent.setup();
    await waitFor(() => expect(ports.preview).toHaveBeenLastCalledWith({ end: '2026-12-01T15:30:00.000Z', participants: 5 }, 7));
    await waitFor(() => expect(previewRegion().textContent).toContain('The change would be accepted.'));

    await u.click(screen.getByTestId('booking-submit'));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(ports.submit).toHaveBeenCalledWith({ end: '2026-12-01T15:30:00.000Z', participants: 5 }, 7);
  });

  it('sends the whole new resource list when resources change, and offers a reload after a 412', async () => {
    const ports = editPorts();
    ports.submit.mockRejectedValue(new ApiProblem(problem('precondition-failed', 412)));
    const onReload = vi.fn();
    renderForm(ports, { initial: undefined, onReload });
    const u = userEvent.setup();
    setValue('Chairs', '3');
    await u.click(screen.getByTestId('booking-submit'));
    expect(ports.submit).toHaveBeenCalledWith(
      {
        resources: [
          { resourceId: projector.id, quantity: 1 },
          { resourceId: chairs.id, quantity: 3 },
        ],
      },
      7,
    );
    await u.click(await screen.findByRole('button', { name: 'Reload the booking' }));
    expect(onReload).toHaveBeenCalled();
  });
});
