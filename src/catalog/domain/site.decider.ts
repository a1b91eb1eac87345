import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.js';
import { isValidTimeZone } from '../../shared/domain/time-zone.js';
import type { RegisterSite, SiteCommand, UpdateSite } from './catalog.commands.js';
import type { SiteEvent } from './catalog.events.js';
import { SITE_KINDS, type SiteDetails } from './catalog.types.js';
import { Issues } from './catalog-validation.js';
import { changedFields } from './changed-fields.js';

export type Site = { status: 'registered'; siteId: string } & SiteDetails;
export type SiteState = { status: 'absent' } | Site;

function checkSiteDetails(details: Partial<SiteDetails>, issues: Issues): void {
  if (details.name !== undefined) issues.nonEmpty('name', details.name);
  if (details.latitude !== undefined && !(details.latitude >= -90 && details.latitude <= 90)) issues.add('latitude', 'latitude must be between -90 and 90');
  if (details.longitude !== undefined && !(details.longitude >= -180 && details.longitude <= 180)) issues.add('longitude', 'longitude must be between -180 and 180');
  if (details.timeZone !== undefined && !isValidTimeZone(details.timeZone)) issues.add('timeZone', `${details.timeZone} is not an IANA time zone (e.g. Europe/Lisbon)`);
  if (details.kind !== undefined) issues.oneOf('kind', details.kind, SITE_KINDS);
}

function registerSite({ siteId, ...details }: RegisterSite['data'], state: SiteState): SiteEvent[] {
  if (state.status !== 'absent') throw new ConflictError(`site ${siteId} already exists`);
  const issues = new Issues();
  checkSiteDetails(details, issues);
  issues.throwIfAny();
  return [{ type: 'SiteRegistered', data: { siteId, ...details } }];
}

function updateSite({ siteId, ...changes }: UpdateSite['data'], state: SiteState): SiteEvent[] {
  if (state.status === 'absent') throw new NotFoundError('site', siteId);
  const issues = new Issues();
  checkSiteDetails(changes, issues);
  issues.throwIfAny();
  const changed = changedFields(state, changes);
  return changed ? [{ type: 'SiteUpdated', data: { siteId, ...changed } }] : [];
}

/** A site (stream `site-<id>`). */
export const siteDecider: Decider<SiteState, SiteCommand, SiteEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide(command, state) {
    switch (command.type) {
      case 'RegisterSite':
        return registerSite(command.data, state);
      case 'UpdateSite':
        return updateSite(command.data, state);
      default:
        return assertNever(command);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SiteRegistered':
        return { status: 'registered', ...event.data };
      case 'SiteUpdated':
        return state.status === 'absent' ? state : { ...state, ...event.data };
      default:
        return assertNever(event);
    }
  },
};
