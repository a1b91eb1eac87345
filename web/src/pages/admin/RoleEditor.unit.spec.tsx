// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewRoleRequest, RoleChangeRequest, RoleDefinition } from '../../api/types.js';
import { renderWithApp } from '../../testing/render-with-app.js';
import { RoleEditor } from './RoleEditor.js';

const CATALOGUE = ['catalog.read', 'catalog.manage', 'blackout.manage', 'booking.create', 'booking.read.any', 'booking.approve', 'users.read'];

afterEach(cleanup);

const box = (permission: string) => screen.getByRole('checkbox', { name: permission });

describe('RoleEditor', () => {
  it('builds the body of a new role from the ticked permissions, in catalogue order', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async (_body: NewRoleRequest) => undefined);
    renderWithApp(<RoleEditor permissions={CATALOGUE} onSave={onSave} />, { permissions: 'all' });
    // Grouped by prefix, each group a fieldset named in words.
    expect(within(screen.getByRole('group', { name: 'Bookings' })).getAllByRole('checkbox')).toHaveLength(3);
    expect(within(screen.getByRole('group', { name: 'Catalogue' })).getAllByRole('checkbox')).toHaveLength(2);

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'front-desk' } });
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: ' Reception team ' } });
    await user.click(box('booking.approve'));
    await user.click(box('catalog.read'));
    await user.click(box('booking.read.any'));
    await user.click(box('users.read'));
    await user.click(box('users.read'));
    await user.click(screen.getByRole('button', { name: 'Create role' }));

    expect(onSave).toHaveBeenCalledWith({ name: 'front-desk', description: 'Reception team', permissions: ['catalog.read', 'booking.read.any', 'booking.approve'] });
  });

  it('refuses a name the API would refuse and a role without permissions', async () => {
    const user = userEvent.setup();
    const onSave = vi.fn(async (_body: NewRoleRequest) => undefined);
    renderWithApp(<RoleEditor permissions={CATALOGUE} onSave={onSave} />, { permissions: 'all' });
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Front Desk' } });
    await user.click(screen.getByRole('button', { name: 'Create role' }));
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Use 2–40 lower-case letters, digits or dashes, starting with a letter.')).toBeTruthy();
    expect(screen.getByText('Tick at least one permission.')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('changes a custom role: permissions and description, never the name', async () => {
    const user = userEvent.setup();
    const role: RoleDefinition = { name: 'front-desk', description: 'Reception', permissions: ['catalog.read', 'booking.approve'], builtIn: false, revision: 2 };
    const onSave = vi.fn(async (_body: RoleChangeRequest) => undefined);
    renderWithApp(<RoleEditor role={role} permissions={CATALOGUE} onSave={onSave} />, { permissions: 'all' });
    expect(screen.queryByLabelText('Name')).toBeNull();
    expect((box('booking.approve') as HTMLInputElement).checked).toBe(true);
    await user.click(box('booking.approve'));
    await user.click(box('blackout.manage'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onSave).toHaveBeenCalledWith({ description: 'Reception', permissions: ['catalog.read', 'blackout.manage'] });
  });
});
