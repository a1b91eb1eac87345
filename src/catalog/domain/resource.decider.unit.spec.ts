import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { CreateResource, UpdateResource } from './catalog.commands.js';
import type { ResourceEvent } from './catalog.events.js';
import { resourceDecider } from './resource.decider.js';

const spec = deciderSpec(resourceDecider);
const data: CreateResource['data'] = { resourceId: 'projectors', siteId: 's1', timeZone: 'Europe/Lisbon', name: 'Projector', category: 'equipment', quantity: 5, description: '' };
const create = (overrides: Partial<CreateResource['data']> = {}): CreateResource => ({ type: 'CreateResource', data: { ...data, ...overrides } });
const update = (changes: Omit<UpdateResource['data'], 'resourceId'>): UpdateResource => ({ type: 'UpdateResource', data: { resourceId: 'projectors', ...changes } });
const retire = { type: 'RetireResource', data: { resourceId: 'projectors' } } as const;
const created: ResourceEvent = { type: 'ResourceCreated', data };
const retired: ResourceEvent = { type: 'ResourceRetired', data: { resourceId: 'projectors' } };

describe('resource decider', () => {
  it('creates a resource, with a stock of zero allowed', () => {
    spec.given([]).when(create()).then([created]);
    spec.given([]).when(create({ quantity: 0 })).then([{ type: 'ResourceCreated', data: { ...data, quantity: 0 } }]);
  });

  it('rejects a resource that already exists', () => {
    spec.given([created]).when(create()).thenThrows(ConflictError);
  });

  it('rejects invalid details', () => {
    const error = spec.given([]).when(create({ name: '', category: 'toys' as never, quantity: -1 })).thenThrows(ValidationError);
    expect(error.issues.map((i) => i.field)).toEqual(['name', 'category', 'quantity']);
    expect(spec.given([]).when(create({ quantity: 1.5 })).thenThrows(ValidationError).issues[0]!.field).toBe('quantity');
  });

  it('updates the fields that change, or appends nothing', () => {
    spec.given([created]).when(update({ quantity: 8, category: 'equipment' })).then([{ type: 'ResourceUpdated', data: { resourceId: 'projectors', quantity: 8 } }]);
    spec.given([created]).when(update({ quantity: 5 })).thenNothing();
  });

  it('rejects invalid changes', () => {
    expect(spec.given([created]).when(update({ quantity: -3 })).thenThrows(ValidationError).issues[0]!.field).toBe('quantity');
  });

  it('retires a resource, once, and then refuses updates', () => {
    spec.given([created]).when(retire).then([retired]);
    spec.given([created, retired]).when(retire).thenNothing();
    spec.given([created, retired]).when(update({ quantity: 2 })).thenThrows(ConflictError);
  });

  it('fails on an unknown resource', () => {
    expect(spec.given([]).when(update({ quantity: 1 })).thenThrows(NotFoundError).message).toBe('resource projectors was not found');
    spec.given([]).when(retire).thenThrows(NotFoundError);
  });
});
