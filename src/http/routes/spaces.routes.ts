import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { BUSY_STREAM_PATH, MAX_SUBSCRIBED_SPACES } from '../../scheduling/infrastructure/busy-stream-server.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { EntityRevision } from '../contracts/common.contracts.js';
import {
  AvailabilityQuery,
  CreateSpaceRequest,
  ListSpacesQuery,
  Space,
  SpaceAvailability,
  SpaceIdParams,
  SpacePage,
  UpdateSpaceRequest,
} from '../contracts/spaces.contracts.js';
import { API_PREFIX, pageBody, type RouteModuleDeps } from './route-deps.js';

const tags = ['spaces'];

export function spaceRoutes({ catalog, queries }: RouteModuleDeps): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/spaces`,
      operationId: 'listSpaces',
      summary: 'Find spaces',
      description: 'Filters combine with AND. `amenities` is a comma list (all required); `freeFrom`/`freeTo` (both or neither) keep spaces free for that whole range and open throughout it by their opening hours (in their own zone), as a booking would need.',
      tags,
      access: 'public',
      query: ListSpacesQuery,
      success: { status: 200, description: 'A page of spaces.', schema: SpacePage },
      errors: [],
      handle: async ({ query }) => ({ body: pageBody(await queries.listSpaces(query), query) }),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/spaces`,
      operationId: 'createSpace',
      summary: 'Create a space in a site, with its booking policy',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      body: CreateSpaceRequest,
      success: { status: 201, description: 'The space is created.', schema: EntityRevision, etag: true, location: true },
      errors: [404, 409, 422],
      handle: async ({ body, ctx }) => {
        const result = await catalog.createSpace(body, ctx);
        return { body: result, revision: result.revision, location: `${API_PREFIX}/spaces/${result.id}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/spaces/{spaceId}`,
      operationId: 'getSpace',
      summary: 'Get a space',
      tags,
      access: 'public',
      params: SpaceIdParams,
      success: { status: 200, description: 'The space.', schema: Space, etag: true },
      errors: [404],
      handle: async ({ params }) => {
        const space = await queries.getSpace(params.spaceId);
        if (!space) throw new NotFoundError('space', params.spaceId);
        return { body: space, revision: space.revision };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${API_PREFIX}/spaces/{spaceId}`,
      operationId: 'updateSpace',
      summary: 'Change a space or its booking policy',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      params: SpaceIdParams,
      body: UpdateSpaceRequest,
      ifMatch: true,
      success: { status: 200, description: 'The space is changed.', schema: EntityRevision, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => {
        const result = await catalog.updateSpace(params.spaceId, body, expectedRevision, ctx);
        return { body: result, revision: result.revision };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/spaces/{spaceId}/retire`,
      operationId: 'retireSpace',
      summary: 'Retire a space (no new bookings)',
      tags,
      access: [P.catalogManage],
      scope: 'site',
      params: SpaceIdParams,
      ifMatch: true,
      success: { status: 200, description: 'The space is retired.', schema: EntityRevision, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, expectedRevision, ctx }) => {
        const result = await catalog.retireSpace(params.spaceId, expectedRevision, ctx);
        return { body: result, revision: result.revision };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/spaces/{spaceId}/availability`,
      operationId: 'getSpaceAvailability',
      summary: 'Free, busy and closed intervals of a space',
      description: `The range [from, to) may span at most 62 days.

Live updates (no sign-in needed): open a WebSocket to \`${BUSY_STREAM_PATH}\` and send \`{"type":"subscribe","spaceIds":["<uuid>",…]}\` (at most ${MAX_SUBSCRIBED_SPACES})
or \`{"type":"subscribe","siteId":"<uuid>"}\` (every space of the site); each subscribe replaces the previous one. The server answers
\`{"type":"subscribed","spaceIds":[…]}\` (for a site also \`siteId\`); fetch this route after that. Then, whenever a booking or blackout on a subscribed
space is placed, moved or released and this route already shows it: \`{"type":"busy-changed","spaceId":"…","from":"<ISO>","to":"<ISO>"}\` — refetch
what overlaps [from, to). \`{"type":"resync"}\`: changes may have been missed; refetch everything. \`{"type":"auth",…}\` is accepted and ignored.
Close codes: 4400 a message that is none of these, 4429 too many connections from your address, 1009 a message over 16 KiB, 1001 server shutting down.`,
      tags,
      access: 'public',
      params: SpaceIdParams,
      query: AvailabilityQuery,
      success: { status: 200, description: 'The intervals, each list in time order.', schema: SpaceAvailability },
      errors: [404],
      handle: async ({ params, query }) => {
        if (!(await queries.getSpace(params.spaceId))) throw new NotFoundError('space', params.spaceId);
        const intervals = await queries.getSpaceAvailability(params.spaceId, query.from, query.to);
        return { body: { spaceId: params.spaceId, from: query.from, to: query.to, ...intervals } };
      },
    }),
  ];
}
