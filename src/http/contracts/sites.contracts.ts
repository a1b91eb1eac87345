import { z } from 'zod';
import { SITE_KINDS } from '../../catalog/domain/catalog.types.js';
import { isValidTimeZone } from '../../shared/domain/time-zone.js';
import { Instant, Revision, Uuid, nonEmptyPatch, pageOf, pageQuery } from './common.contracts.js';
import { named } from './schema-registry.js';

const siteFields = {
  name: z.string().trim().min(1).max(200),
  address: z.string().trim().min(1).max(500),
  city: z.string().trim().min(1).max(100),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  kind: z.enum(SITE_KINDS),
};
export const TimeZone = z.string().refine(isValidTimeZone, { error: 'expected an IANA time zone such as Europe/Berlin' });

export const RegisterSiteRequest = named(
  'RegisterSiteRequest',
  z.strictObject({ siteId: Uuid.optional(), ...siteFields, timeZone: TimeZone }),
);
export type RegisterSiteRequest = z.input<typeof RegisterSiteRequest>;

/** The time zone is fixed at registration: schedule buckets depend on it. */
export const UpdateSiteRequest = named('UpdateSiteRequest', nonEmptyPatch(z.strictObject(siteFields).partial()));
export type UpdateSiteRequest = z.input<typeof UpdateSiteRequest>;

export const Site = named(
  'Site',
  z.object({ id: Uuid, ...siteFields, timeZone: z.string(), revision: Revision, createdAt: Instant, updatedAt: Instant }),
);
export type Site = z.infer<typeof Site>;
export const SitePage = pageOf('SitePage', Site);

export const SiteIdParams = z.strictObject({ siteId: Uuid });
export const ListSitesQuery = z.strictObject({ city: siteFields.city.optional(), kind: siteFields.kind.optional(), ...pageQuery });
export type ListSitesQuery = z.infer<typeof ListSitesQuery>;
