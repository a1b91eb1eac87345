import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { CreateSpace, UpdateSpace } from './catalog.commands.js';
import type { SpaceEvent } from './catalog.events.js';
import type { BookingPolicy } from './catalog.types.js';
import { spaceDecider } from './space.decider.js';

const spec = deciderSpec(spaceDecider);
const policy: BookingPolicy = {
  openingHours: { mon: [{ open: 480, close: 720 }, { open: 780, close: 1080 }], tue: [{ open: 0, close: 1440 }] },
  slotMinutes: 30, minDurationMinutes: 30, maxDurationMinutes: 240, maxAdvanceDays: 60, bufferMinutes: 10, changeDeadlineMinutes: 120, approvalRequired: false,
};
const data: CreateSpace['data'] = {
  spaceId: 'room-1', siteId: 's1', timeZone: 'Europe/Lisbon', policy,
  name: 'Tejo', kind: 'meeting_room', capacity: 8, amenities: ['screen', 'whiteboard'], photoUrls: ['https://img.example.com/tejo.png', '/photos/tejo.webp'], description: 'River view',
};
const create = (overrides: Partial<CreateSpace['data']> = {}): CreateSpace => ({ type: 'CreateSpace', data: { ...data, ...overrides } });
const withPolicy = (overrides: Partial<BookingPolicy>) => create({ policy: { ...policy, ...overrides } });
const update = (changes: Omit<UpdateSpace['data'], 'spaceId'>): UpdateSpace => ({ type: 'UpdateSpace', data: { spaceId: 'room-1', ...changes } });
const retire = { type: 'RetireSpace', data: { spaceId: 'room-1' } } as const;
const created: SpaceEvent = { type: 'SpaceCreated', data };
const retired: SpaceEvent = { type: 'SpaceRetired', data: { spaceId: 'room-1' } };
const issueFields = (command: CreateSpace | UpdateSpace, given: SpaceEvent[] = []) => spec.given(given).when(command).thenThrows(ValidationError).issues.map((i) => i.field);

describe('space decider: CreateSpace', () => {
  it('creates a space with its policy', () => {
    spec.given([]).when(create()).then([created]);
  });

  it('accepts always-open spaces (null opening hours)', () => {
    spec.given([]).when(withPolicy({ openingHours: null })).then([{ type: 'SpaceCreated', data: { ...data, policy: { ...policy, openingHours: null } } }]);
  });

  it('rejects a space that already exists', () => {
    spec.given([created]).when(create()).thenThrows(ConflictError);
  });

  it('rejects invalid details', () => {
    expect(issueFields(create({ name: '', kind: 'cave' as never, capacity: 0, amenities: ['ok', ''], photoUrls: ['ftp://x/y.png', '//cdn/x.png', 'not a url', '/fine.png'] })))
      .toEqual(['name', 'kind', 'capacity', 'amenities.1', 'photoUrls.0', 'photoUrls.1', 'photoUrls.2']);
    expect(issueFields(create({ capacity: 2.5 }))).toEqual(['capacity']);
  });

  it('rejects a slot that is not a whole divisor of a day', () => {
    expect(issueFields(withPolicy({ slotMinutes: 0 }))).toEqual(['policy.slotMinutes']);
    expect(issueFields(withPolicy({ slotMinutes: 7 }))).toEqual(['policy.slotMinutes']);
    expect(issueFields(withPolicy({ slotMinutes: 1441 }))).toEqual(['policy.slotMinutes']);
    spec.given([]).when(withPolicy({ slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 1440 })).then([
      { type: 'SpaceCreated', data: { ...data, policy: { ...policy, slotMinutes: 1440, minDurationMinutes: 1440, maxDurationMinutes: 1440 } } },
    ]);
  });

  it('rejects durations, advance, buffer and deadline out of range', () => {
    expect(issueFields(withPolicy({ minDurationMinutes: 0 }))).toEqual(['policy.minDurationMinutes']);
    expect(issueFields(withPolicy({ minDurationMinutes: 120, maxDurationMinutes: 60 }))).toEqual(['policy.maxDurationMinutes']);
    expect(issueFields(withPolicy({ maxAdvanceDays: 0, bufferMinutes: -5, changeDeadlineMinutes: -1 })))
      .toEqual(['policy.maxAdvanceDays', 'policy.bufferMinutes', 'policy.changeDeadlineMinutes']);
  });

  it('rejects bad opening windows: out of range, empty, unordered, overlapping, unknown weekday', () => {
    const openingHours = {
      mon: [{ open: -10, close: 600 }],
      tue: [{ open: 600, close: 600 }],
      wed: [{ open: 600, close: 1500 }],
      thu: [{ open: 780, close: 900 }, { open: 480, close: 720 }],
      fri: [{ open: 480, close: 800 }, { open: 780, close: 900 }],
      sat: [{ open: 480, close: 720 }, { open: 720, close: 900 }],
      funday: [{ open: 0, close: 60 }],
    } as BookingPolicy['openingHours'];
    expect(issueFields(withPolicy({ openingHours })))
      .toEqual(['policy.openingHours.mon.0', 'policy.openingHours.tue.0', 'policy.openingHours.wed.0', 'policy.openingHours.thu.1', 'policy.openingHours.fri.1', 'policy.openingHours.funday']);
  });
});

describe('space decider: UpdateSpace and RetireSpace', () => {
  it('updates the details that change', () => {
    spec.given([created]).when(update({ capacity: 10, name: 'Tejo' })).then([{ type: 'SpaceUpdated', data: { spaceId: 'room-1', capacity: 10 } }]);
  });

  it('changes the policy', () => {
    const next = { ...policy, approvalRequired: true };
    spec.given([created]).when(update({ policy: next })).then([{ type: 'SpacePolicyChanged', data: { spaceId: 'room-1', policy: next } }]);
    spec.given([created]).when(update({ description: 'Quiet', policy: next })).then([
      { type: 'SpaceUpdated', data: { spaceId: 'room-1', description: 'Quiet' } },
      { type: 'SpacePolicyChanged', data: { spaceId: 'room-1', policy: next } },
    ]);
  });

  it('appends nothing when nothing changes', () => {
    spec.given([created]).when(update({ amenities: ['screen', 'whiteboard'], policy })).thenNothing();
  });

  it('validates the changes and the new policy', () => {
    expect(issueFields(update({ capacity: -1, policy: { ...policy, slotMinutes: 50 } }), [created])).toEqual(['capacity', 'policy.slotMinutes']);
  });

  it('retires a space, once', () => {
    spec.given([created]).when(retire).then([retired]);
    spec.given([created, retired]).when(retire).thenNothing();
  });

  it('rejects updating a retired space', () => {
    spec.given([created, retired]).when(update({ capacity: 3 })).thenThrows(ConflictError);
  });

  it('fails on an unknown space', () => {
    expect(spec.given([]).when(update({ capacity: 3 })).thenThrows(NotFoundError).message).toBe('space room-1 was not found');
    spec.given([]).when(retire).thenThrows(NotFoundError);
  });
});
