import type { GrantRoleRequest } from '../../api/types.js';
import { checked, type Checked, type FormErrors } from './form-errors.js';

/** Roles that only make sense on particular sites (SITE_SCOPED_ROLES of the API): granted with sites. */
export const SITE_SCOPED_ROLES: readonly string[] = ['hotelier'];

export interface GrantValues {
  role: string;
  /** Empty: everywhere. */
  siteIds: string[];
  scope: 'everywhere' | 'sites';
}

/** The form → POST /users/{id}/roles: sites only when scoped (a hotelier always is). */
export function grantRoleBody(values: GrantValues): Checked<GrantRoleRequest> {
  const errors: FormErrors = {};
  if (!values.role) errors.role = { key: 'admin.error.choose' };
  const scoped = values.scope === 'sites' || SITE_SCOPED_ROLES.includes(values.role);
  if (scoped && values.siteIds.length === 0) errors.siteIds = { key: SITE_SCOPED_ROLES.includes(values.role) ? 'admin.grant.error.hotelierSites' : 'admin.grant.error.sites' };
  if (values.siteIds.length > 100) errors.siteIds = { key: 'admin.error.tooMany', vars: { max: 100 } };
  return checked(scoped ? { role: values.role, siteIds: values.siteIds } : { role: values.role }, errors);
}
