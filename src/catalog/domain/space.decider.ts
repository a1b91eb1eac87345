import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.js';
import type { CreateSpace, RetireSpace, SpaceCommand, UpdateSpace } from './catalog.commands.js';
import type { SpaceEvent } from './catalog.events.js';
import { SPACE_KINDS, type BookingPolicy, type SpaceDetails } from './catalog.types.js';
import { checkBookingPolicy, isPhotoUrl, Issues } from './catalog-validation.js';
import { changedFields } from './changed-fields.js';

export type Space = { status: 'active' | 'retired'; spaceId: string; siteId: string; timeZone: string; policy: BookingPolicy } & SpaceDetails;
export type SpaceState = { status: 'absent' } | Space;

function checkSpaceDetails(details: Partial<SpaceDetails>, issues: Issues): void {
  if (details.name !== undefined) issues.nonEmpty('name', details.name);
  if (details.kind !== undefined) issues.oneOf('kind', details.kind, SPACE_KINDS);
  if (details.capacity !== undefined) issues.wholeNumber('capacity', details.capacity, 1);
  details.amenities?.forEach((amenity, i) => issues.nonEmpty(`amenities.${i}`, amenity));
  details.photoUrls?.forEach((url, i) => {
    if (!isPhotoUrl(url)) issues.add(`photoUrls.${i}`, 'a photo URL must be an http(s) URL or a path starting with /');
  });
}

function existingSpace(state: SpaceState, spaceId: string): Space {
  if (state.status === 'absent') throw new NotFoundError('space', spaceId);
  return state;
}

function createSpace(command: CreateSpace['data'], state: SpaceState): SpaceEvent[] {
  if (state.status !== 'absent') throw new ConflictError(`space ${command.spaceId} already exists`);
  const issues = new Issues();
  checkSpaceDetails(command, issues);
  checkBookingPolicy(command.policy, issues);
  issues.throwIfAny();
  return [{ type: 'SpaceCreated', data: command }];
}

function updateSpace({ spaceId, policy, ...changes }: UpdateSpace['data'], state: SpaceState): SpaceEvent[] {
  const space = existingSpace(state, spaceId);
  if (space.status === 'retired') throw new ConflictError(`space ${spaceId} is retired and can no longer be changed`);
  const issues = new Issues();
  checkSpaceDetails(changes, issues);
  if (policy) checkBookingPolicy(policy, issues);
  issues.throwIfAny();
  const events: SpaceEvent[] = [];
  const changed = changedFields<SpaceDetails>(space, changes);
  if (changed) events.push({ type: 'SpaceUpdated', data: { spaceId, ...changed } });
  if (policy && JSON.stringify(policy) !== JSON.stringify(space.policy)) events.push({ type: 'SpacePolicyChanged', data: { spaceId, policy } });
  return events;
}

function retireSpace({ spaceId }: RetireSpace['data'], state: SpaceState): SpaceEvent[] {
  const space = existingSpace(state, spaceId);
  return space.status === 'retired' ? [] : [{ type: 'SpaceRetired', data: { spaceId } }];
}

/** A bookable space (stream `space-<id>`) with its booking policy. */
export const spaceDecider: Decider<SpaceState, SpaceCommand, SpaceEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command, state) {
    switch (command.type) {
      case 'CreateSpace':
        return createSpace(command.data, state);
      case 'UpdateSpace':
        return updateSpace(command.data, state);
      case 'RetireSpace':
        return retireSpace(command.data, state);
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    if (event.type === 'SpaceCreated') return { status: 'active', ...event.data };
    if (state.status === 'absent') return state;
    switch (event.type) {
      case 'SpaceUpdated':
        return { ...state, ...event.data };
      case 'SpacePolicyChanged':
        return { ...state, policy: event.data.policy };
      case 'SpaceRetired':
        return { ...state, status: 'retired' };
      default:
        return assertNever(event);
    }
  },
};
