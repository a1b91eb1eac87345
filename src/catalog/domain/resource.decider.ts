import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.js';
import type { CreateResource, ResourceCommand, RetireResource, UpdateResource } from './catalog.commands.js';
import type { ResourceEvent } from './catalog.events.js';
import { RESOURCE_CATEGORIES, type ResourceDetails } from './catalog.types.js';
import { Issues } from './catalog-validation.js';
import { changedFields } from './changed-fields.js';

export type Resource = { status: 'active' | 'retired'; resourceId: string; siteId: string; timeZone: string } & ResourceDetails;
export type ResourceState = { status: 'absent' } | Resource;

function checkResourceDetails(details: Partial<ResourceDetails>, issues: Issues): void {
  if (details.name !== undefined) issues.nonEmpty('name', details.name);
  if (details.category !== undefined) issues.oneOf('category', details.category, RESOURCE_CATEGORIES);
  if (details.quantity !== undefined) issues.wholeNumber('quantity', details.quantity, 0);
}

function existingResource(state: ResourceState, resourceId: string): Resource {
  if (state.status === 'absent') throw new NotFoundError('resource', resourceId);
  return state;
}

function createResource(command: CreateResource['data'], state: ResourceState): ResourceEvent[] {
  if (state.status !== 'absent') throw new ConflictError(`resource ${command.resourceId} already exists`);
  const issues = new Issues();
  checkResourceDetails(command, issues);
  issues.throwIfAny();
  return [{ type: 'ResourceCreated', data: command }];
}

function updateResource({ resourceId, ...changes }: UpdateResource['data'], state: ResourceState): ResourceEvent[] {
  const resource = existingResource(state, resourceId);
  if (resource.status === 'retired') throw new ConflictError(`resource ${resourceId} is retired and can no longer be changed`);
  const issues = new Issues();
  checkResourceDetails(changes, issues);
  issues.throwIfAny();
  const changed = changedFields<ResourceDetails>(resource, changes);
  return changed ? [{ type: 'ResourceUpdated', data: { resourceId, ...changed } }] : [];
}

function retireResource({ resourceId }: RetireResource['data'], state: ResourceState): ResourceEvent[] {
  const resource = existingResource(state, resourceId);
  return resource.status === 'retired' ? [] : [{ type: 'ResourceRetired', data: { resourceId } }];
}

/**
 * A pooled resource (stream `resource-<id>`). Lowering the stock does not touch reservations
 * already made; new reservations are checked against the new stock.
 */
export const resourceDecider: Decider<ResourceState, ResourceCommand, ResourceEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command, state) {
    switch (command.type) {
      case 'CreateResource':
        return createResource(command.data, state);
      case 'UpdateResource':
        return updateResource(command.data, state);
      case 'RetireResource':
        return retireResource(command.data, state);
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    if (event.type === 'ResourceCreated') return { status: 'active', ...event.data };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'ResourceUpdated':
        return { ...state, ...event.data };
      case 'ResourceRetired':
        return { ...state, status: 'retired' };
      default:
        return assertNever(event);
    }
  },
};
