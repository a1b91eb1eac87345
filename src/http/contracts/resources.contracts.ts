import { z } from 'zod';
import { RESOURCE_CATEGORIES } from '../../catalog/domain/catalog.types.js';
import { Instant, Revision, Uuid, nonEmptyPatch, pageOf, pageQuery } from './common.contracts.js';
import { named } from './schema-registry.js';

const resourceFields = {
  name: z.string().trim().min(1).max(200),
  category: z.enum(RESOURCE_CATEGORIES),
  quantity: z.int().min(1).max(1_000_000),
  description: z.string().max(5000),
};

export const CreateResourceRequest = named(
  'CreateResourceRequest',
  z.strictObject({ resourceId: Uuid.optional(), siteId: Uuid, ...resourceFields, description: resourceFields.description.default('') }),
);
export type CreateResourceRequest = z.input<typeof CreateResourceRequest>;

export const UpdateResourceRequest = named('UpdateResourceRequest', nonEmptyPatch(z.strictObject(resourceFields).partial()));
export type UpdateResourceRequest = z.input<typeof UpdateResourceRequest>;

export const Resource = named(
  'Resource',
  z.object({ id: Uuid, siteId: Uuid, timeZone: z.string(), ...resourceFields, retired: z.boolean(), revision: Revision, createdAt: Instant, updatedAt: Instant }),
);
export type Resource = z.infer<typeof Resource>;
export const ResourcePage = pageOf('ResourcePage', Resource);

export const ResourceIdParams = z.strictObject({ resourceId: Uuid });
export const ListResourcesQuery = z.strictObject({ siteId: Uuid.optional(), category: resourceFields.category.optional(), ...pageQuery });
export type ListResourcesQuery = z.infer<typeof ListResourcesQuery>;
