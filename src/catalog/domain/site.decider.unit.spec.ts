import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { RegisterSite, UpdateSite } from './catalog.commands.js';
import type { SiteEvent } from './catalog.events.js';
import type { SiteDetails } from './catalog.types.js';
import { siteDecider } from './site.decider.js';

const spec = deciderSpec(siteDecider);
const details: SiteDetails = { name: 'Lisbon HQ', address: 'Av. da Liberdade 1', city: 'Lisbon', latitude: 38.72, longitude: -9.14, timeZone: 'Europe/Lisbon', kind: 'office' };
const register = (overrides: Partial<SiteDetails> = {}): RegisterSite => ({ type: 'RegisterSite', data: { siteId: 's1', ...details, ...overrides } });
const update = (changes: Omit<UpdateSite['data'], 'siteId'>): UpdateSite => ({ type: 'UpdateSite', data: { siteId: 's1', ...changes } });
const registered: SiteEvent = { type: 'SiteRegistered', data: { siteId: 's1', ...details } };

describe('site decider', () => {
  it('registers a site', () => {
    spec.given([]).when(register()).then([registered]);
  });

  it('rejects a site that already exists', () => {
    spec.given([registered]).when(register()).thenThrows(ConflictError);
  });

  it('rejects invalid details, naming every field', () => {
    const error = spec.given([]).when(register({ name: ' ', latitude: 91, longitude: -180.5, timeZone: 'Mars/Olympus', kind: 'castle' as never })).thenThrows(ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['name', 'latitude', 'longitude', 'timeZone', 'kind']);
  });

  it('accepts the edges of the coordinate ranges', () => {
    spec.given([]).when(register({ latitude: -90, longitude: 180 })).then([{ type: 'SiteRegistered', data: { siteId: 's1', ...details, latitude: -90, longitude: 180 } }]);
  });

  it('updates only the fields that change', () => {
    spec.given([registered]).when(update({ name: 'Lisbon Campus', city: 'Lisbon' })).then([{ type: 'SiteUpdated', data: { siteId: 's1', name: 'Lisbon Campus' } }]);
  });

  it('appends nothing when an update changes nothing', () => {
    spec.given([registered]).when(update({ city: 'Lisbon' })).thenNothing();
    spec.given([registered, { type: 'SiteUpdated', data: { siteId: 's1', city: 'Porto' } }]).when(update({ city: 'Porto' })).thenNothing();
  });

  it('rejects invalid changes', () => {
    expect(spec.given([registered]).when(update({ latitude: Number.NaN })).thenThrows(ValidationError).issues[0]!.field).toBe('latitude');
  });

  it('fails to update an unknown site', () => {
    expect(spec.given([]).when(update({ name: 'x' })).thenThrows(NotFoundError).message).toBe('site s1 was not found');
  });
});
