import type { NewRoleRequest, RoleChangeRequest, RoleDefinition } from '../../api/types.js';
import { checked, type Checked, type FormErrors } from './form-errors.js';

export interface RoleValues {
  name: string;
  description: string;
  permissions: string[];
}

/** The API's rule for a role name (RoleName in the identity contracts). */
const ROLE_NAME = /^[a-z][a-z0-9-]{1,39}$/;

export function roleValues(role?: RoleDefinition): RoleValues {
  return { name: role?.name ?? '', description: role?.description ?? '', permissions: role ? [...role.permissions] : [] };
}

function common(values: RoleValues, errors: FormErrors, catalogue: readonly string[]): { description: string; permissions: string[] } {
  const description = values.description.trim();
  if (description.length > 500) errors.description = { key: 'admin.error.tooLong', vars: { max: 500 } };
  // In catalogue order, so the body does not depend on the order of the clicks.
  const permissions = catalogue.filter((p) => values.permissions.includes(p));
  if (permissions.length === 0) errors.permissions = { key: 'admin.role.error.permissions' };
  return { description, permissions };
}

/** The form → POST /roles. */
export function newRoleBody(values: RoleValues, catalogue: readonly string[]): Checked<NewRoleRequest> {
  const errors: FormErrors = {};
  const name = values.name.trim();
  if (!ROLE_NAME.test(name)) errors.name = { key: name ? 'admin.role.error.name' : 'admin.error.required' };
  return checked({ name, ...common(values, errors, catalogue) }, errors);
}

/** The form → PATCH /roles/{name} (the name is fixed). */
export function roleChangeBody(values: RoleValues, catalogue: readonly string[]): Checked<RoleChangeRequest> {
  const errors: FormErrors = {};
  return checked(common(values, errors, catalogue), errors);
}

/** `booking.read.any` → group `booking`; groups in catalogue order. */
export function groupPermissions(catalogue: readonly string[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const p of catalogue) {
    const prefix = p.split('.')[0]!;
    groups.set(prefix, [...(groups.get(prefix) ?? []), p]);
  }
  return [...groups];
}
