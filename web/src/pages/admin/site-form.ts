import type { RegisterSiteRequest, Site, SiteKind, UpdateSiteRequest } from '../../api/types.js';
import { checked, requiredText, type Checked, type FormErrors } from './form-errors.js';

export interface SiteValues {
  name: string;
  kind: SiteKind;
  address: string;
  city: string;
  latitude: string;
  longitude: string;
  timeZone: string;
}

export function siteValues(site: Site | undefined, viewerZone: string): SiteValues {
  return {
    name: site?.name ?? '',
    kind: site?.kind ?? 'office',
    address: site?.address ?? '',
    city: site?.city ?? '',
    latitude: site ? String(site.latitude) : '',
    longitude: site ? String(site.longitude) : '',
    timeZone: site?.timeZone ?? viewerZone,
  };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

function coordinate(errors: FormErrors, field: string, text: string, bound: number): number {
  const trimmed = text.trim().replace(',', '.');
  const n = Number(trimmed);
  if (trimmed === '') errors[field] = { key: 'admin.error.required' };
  else if (!Number.isFinite(n)) errors[field] = { key: 'admin.error.number' };
  else if (Math.abs(n) > bound) errors[field] = { key: 'admin.error.range', vars: { min: -bound, max: bound } };
  return n;
}

/** The form → POST /sites. */
export function registerSiteBody(values: SiteValues): Checked<RegisterSiteRequest> {
  const errors: FormErrors = {};
  const body: RegisterSiteRequest = {
    name: requiredText(errors, 'name', values.name, 200),
    kind: values.kind,
    address: requiredText(errors, 'address', values.address, 500),
    city: requiredText(errors, 'city', values.city, 100),
    latitude: coordinate(errors, 'latitude', values.latitude, 90),
    longitude: coordinate(errors, 'longitude', values.longitude, 180),
    timeZone: values.timeZone.trim(),
  };
  if (!isTimeZone(body.timeZone)) errors.timeZone = { key: 'admin.site.error.timeZone' };
  return checked(body, errors);
}

/** The form → PATCH /sites/{id}: only what changed (the time zone is fixed at registration). */
export function updateSiteBody(values: SiteValues, site: Site): Checked<UpdateSiteRequest> {
  const full = registerSiteBody({ ...values, timeZone: site.timeZone });
  if (full.errors) return full;
  const { timeZone: _fixed, ...fields } = full.body;
  const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => site[k as keyof Site] !== v)) as UpdateSiteRequest;
  return Object.keys(patch).length > 0 ? { body: patch } : { errors: { form: { key: 'admin.error.nothingChanged' } } };
}
