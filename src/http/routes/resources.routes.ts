import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { EntityRevision } from '../contracts/common.contracts.js';
import {
  CreateResourceRequest,
  ListResourcesQuery,
  Resource,
  ResourceIdParams,
  ResourcePage,
  UpdateResourceRequest,
} from '../contracts/resources.contracts.js';
import { API_PREFIX, pageBody, type RouteModuleDeps } from './route-deps.js';

const tags = ['resources'];

export function resourceRoutes({ catalog, queries }: RouteModuleDeps): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/resources`,
      operationId: 'listResources',
      summary: 'List pooled resources',
      tags,
      access: 'public',
      query: ListResourcesQuery,
      success: { status: 200, description: 'A page of resources.', schema: ResourcePage },
      errors: [],
      handle: async ({ query }) => ({ body: pageBody(await queries.listResources(query), query) }),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/resources`,
      operationId: 'createResource',
      summary: 'Create a pooled resource in a site',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      body: CreateResourceRequest,
      success: { status: 201, description: 'The resource is created.', schema: EntityRevision, etag: true, location: true },
      errors: [404, 409, 422],
      handle: async ({ body, ctx }) => {
        const result = await catalog.createResource(body, ctx);
        return { body: result, revision: result.revision, location: `${API_PREFIX}/resources/${result.id}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/resources/{resourceId}`,
      operationId: 'getResource',
      summary: 'Get a resource',
      tags,
      access: 'public',
      params: ResourceIdParams,
      success: { status: 200, description: 'The resource.', schema: Resource, etag: true },
      errors: [404],
      handle: async ({ params }) => {
        const resource = await queries.getResource(params.resourceId);
        if (!resource) throw new NotFoundError('resource', params.resourceId);
        return { body: resource, revision: resource.revision };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${API_PREFIX}/resources/{resourceId}`,
      operationId: 'updateResource',
      summary: 'Change a resource',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      params: ResourceIdParams,
      body: UpdateResourceRequest,
      ifMatch: true,
      success: { status: 200, description: 'The resource is changed.', schema: EntityRevision, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => {
        const result = await catalog.updateResource(params.resourceId, body, expectedRevision, ctx);
        return { body: result, revision: result.revision };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/resources/{resourceId}/retire`,
      operationId: 'retireResource',
      summary: 'Retire a resource',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      params: ResourceIdParams,
      ifMatch: true,
      success: { status: 200, description: 'The resource is retired.', schema: EntityRevision, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, expectedRevision, ctx }) => {
        const result = await catalog.retireResource(params.resourceId, expectedRevision, ctx);
        return { body: result, revision: result.revision };
      },
    }),
  ];
}
