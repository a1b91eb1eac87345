import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { EntityRevision } from '../contracts/common.contracts.js';
import { ListSitesQuery, RegisterSiteRequest, Site, SiteIdParams, SitePage, UpdateSiteRequest } from '../contracts/sites.contracts.js';
import { API_PREFIX, pageBody, type RouteModuleDeps } from './route-deps.js';

const tags = ['sites'];

export function siteRoutes({ catalog, queries }: RouteModuleDeps): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/sites`,
      operationId: 'listSites',
      summary: 'List sites',
      tags,
      access: 'public',
      query: ListSitesQuery,
      success: { status: 200, description: 'A page of sites.', schema: SitePage },
      errors: [],
      handle: async ({ query }) => ({ body: pageBody(await queries.listSites(query), query) }),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/sites`,
      operationId: 'registerSite',
      summary: 'Register a site',
      tags,
      access: [P.catalogManage],
      body: RegisterSiteRequest,
      success: { status: 201, description: 'The site is registered.', schema: EntityRevision, etag: true, location: true },
      errors: [409, 422],
      handle: async ({ body, ctx }) => {
        const result = await catalog.registerSite(body, ctx);
        return { body: result, revision: result.revision, location: `${API_PREFIX}/sites/${result.id}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/sites/{siteId}`,
      operationId: 'getSite',
      summary: 'Get a site',
      tags,
      access: 'public',
      params: SiteIdParams,
      success: { status: 200, description: 'The site.', schema: Site, etag: true },
      errors: [404],
      handle: async ({ params }) => {
        const site = await queries.getSite(params.siteId);
        if (!site) throw new NotFoundError('site', params.siteId);
        return { body: site, revision: site.revision };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${API_PREFIX}/sites/{siteId}`,
      operationId: 'updateSite',
      summary: 'Change a site (not its time zone)',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      params: SiteIdParams,
      body: UpdateSiteRequest,
      ifMatch: true,
      success: { status: 200, description: 'The site is changed.', schema: EntityRevision, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => {
        const result = await catalog.updateSite(params.siteId, body, expectedRevision, ctx);
        return { body: result, revision: result.revision };
      },
    }),
  ];
}
