import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { hasPermission } from '../../shared/application/authorize.js';
import { ForbiddenError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { BlackoutIdParams, BlackoutPage, DeclareBlackoutRequest, LiftBlackoutRequest, ListBlackoutsQuery } from '../contracts/blackouts.contracts.js';
import { EntityRevision } from '../contracts/common.contracts.js';
import { API_PREFIX, pageBody, type RouteModuleDeps } from './route-deps.js';

const tags = ['blackouts'];

export function blackoutRoutes({ catalog, queries }: RouteModuleDeps): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/blackouts`,
      operationId: 'listBlackouts',
      summary: 'List blackouts',
      description: 'With catalog.read on some sites only, name one of them in `siteId`.',
      tags,
      access: [P.catalogRead],
      scope: 'site',
      query: ListBlackoutsQuery,
      success: { status: 200, description: 'A page of blackouts.', schema: BlackoutPage },
      errors: [],
      handle: async ({ query, principal }) => {
        if (!hasPermission(principal, P.catalogRead, query.siteId)) {
          throw new ForbiddenError(P.catalogRead, `listing blackouts needs ${P.catalogRead} everywhere, or a siteId where you hold it`);
        }
        return { body: pageBody(await queries.listBlackouts(query), query) };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/blackouts`,
      operationId: 'declareBlackout',
      summary: 'Declare a blackout of a space or of some quantity of a resource',
      description: 'A clash with an active booking or blackout answers 409 naming the conflicting intervals.',
      tags,
      access: [P.blackoutManage],
      scope: 'site',
      body: DeclareBlackoutRequest,
      success: { status: 201, description: 'The blackout is in force.', schema: EntityRevision, etag: true },
      errors: [404, 409, 422],
      handle: async ({ body, ctx }) => {
        const result = await catalog.declareBlackout(body, ctx);
        return { body: result, revision: result.revision };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/blackouts/{blackoutId}/lift`,
      operationId: 'liftBlackout',
      summary: 'Lift a blackout early',
      tags,
      access: [P.blackoutManage],
      scope: 'site',
      params: BlackoutIdParams,
      body: LiftBlackoutRequest,
      success: { status: 200, description: 'The blackout is lifted.', schema: EntityRevision, etag: true },
      errors: [404, 409],
      handle: async ({ params, body, ctx }) => {
        const result = await catalog.liftBlackout(params.blackoutId, body, ctx);
        return { body: result, revision: result.revision };
      },
    }),
  ];
}
