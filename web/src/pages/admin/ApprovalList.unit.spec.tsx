// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '../../api/api-problem.js';
import type { BookingDetails } from '../../api/types.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import { ApprovalList } from './ApprovalList.js';
import type { ApprovalsPort, Decision, PendingApproval } from './approvals-port.js';

afterEach(cleanup);

function booking(id: string, start: string, purpose: string): BookingDetails {
  return {
    id, spaceId: 'space-1', bookerId: `a1b2c3d4-0000-4000-8000-00000000${id.padStart(4, '0')}`, status: 'pending_approval', start, end: start.replace('T09', 'T11'), purpose, participants: 6, resources: [],
    revision: 1, siteId: 'site-1', timeZone: 'Europe/Lisbon', createdAt: start, updatedAt: start,
  };
}

/** A fake port over an in-memory list: a decision takes the booking out, as the server does. */
function fakePort(items: PendingApproval[]) {
  let pending = [...items];
  const decisions: Array<{ id: string; decision: Decision; comment: string }> = [];
  const port: ApprovalsPort = {
    pending: vi.fn(async () => pending),
    decide: vi.fn(async (b: BookingDetails, decision: Decision, comment: string) => {
      decisions.push({ id: b.id, decision, comment });
      pending = pending.filter((p) => p.booking.id !== b.id);
    }),
  };
  return { port, decisions, takeAway: (id: string) => (pending = pending.filter((p) => p.booking.id !== id)) };
}

const ITEMS: PendingApproval[] = [
  { booking: booking('b1', '2030-03-04T09:00:00.000Z', 'Board meeting'), spaceName: 'Boardroom', personName: 'Sofia Martins', concerns: [] },
  { booking: booking('b2', '2030-03-05T09:00:00.000Z', 'Hiring debrief'), spaceName: 'Boardroom', personName: null, concerns: [{ kind: 'overCapacity', capacity: 4 }] },
];

describe('ApprovalList', () => {
  it('shows each pending booking with space, time, who, purpose and conflicts', async () => {
    const { port } = fakePort(ITEMS);
    renderWithApp(<ApprovalList port={port} />, { permissions: 'all' });
    const rows = await screen.findAllByTestId('approval-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole('heading').textContent).toMatch(/^Boardroom · Mon, Mar 4 9:00\sAM–11:00\sAM$/);
    expect(within(rows[0]!).getByText('Sofia Martins')).toBeTruthy();
    expect(within(rows[0]!).getByText('Board meeting')).toBeTruthy();
    expect(within(rows[0]!).getByText('None')).toBeTruthy();
    expect(within(rows[1]!).getByText('Person …000000b2')).toBeTruthy();
    expect(within(rows[1]!).getByText('More people than the space holds (4)')).toBeTruthy();
  });

  it('approves through the port, and the row leaves the list', async () => {
    const user = userEvent.setup();
    const { port, decisions } = fakePort(ITEMS);
    renderWithApp(<ApprovalList port={port} />, { permissions: 'all' });
    const [first] = await screen.findAllByTestId('approval-row');
    await user.click(within(first!).getByRole('button', { name: 'Approve' }));
    expect(decisions).toEqual([{ id: 'b1', decision: 'approve', comment: '' }]);
    expect(screen.getAllByTestId('approval-row')).toHaveLength(1);
    expect(screen.queryByText('Board meeting')).toBeNull();
    expect(screen.getByText(/^Approved: Boardroom/)).toBeTruthy();
  });

  it('rejects only with a reason, which goes to the port', async () => {
    const user = userEvent.setup();
    const { port, decisions } = fakePort(ITEMS);
    renderWithApp(<ApprovalList port={port} />, { permissions: 'all' });
    const second = (await screen.findAllByTestId('approval-row'))[1]!;
    await user.click(within(second).getByRole('button', { name: 'Reject' }));
    expect(port.decide).not.toHaveBeenCalled();
    expect(within(second).getByText('Give the booker a reason for the rejection.')).toBeTruthy();
    await user.type(within(second).getByLabelText('Comment for the booker'), 'Too many people for this room');
    await user.click(within(second).getByRole('button', { name: 'Reject' }));
    expect(decisions).toEqual([{ id: 'b2', decision: 'reject', comment: 'Too many people for this room' }]);
    expect(screen.getAllByTestId('approval-row')).toHaveLength(1);
  });

  it('shows the list as it is now when the booking changed meanwhile', async () => {
    const user = userEvent.setup();
    const { port, takeAway } = fakePort(ITEMS);
    port.decide = vi.fn(async () => {
      takeAway('b1');
      throw new ApiProblem({ type: 'urn:reserva:problem:precondition-failed', title: 'Changed', status: 412, detail: '', instance: '/api/v1/bookings/b1/approve' });
    });
    renderWithApp(<ApprovalList port={port} />, { permissions: 'all' });
    const [first] = await screen.findAllByTestId('approval-row');
    await user.click(within(first!).getByRole('button', { name: 'Approve' }));
    await vi.waitFor(() => expect(screen.getAllByTestId('approval-row')).toHaveLength(1));
    expect(screen.queryByText('Board meeting')).toBeNull();
  });
});
