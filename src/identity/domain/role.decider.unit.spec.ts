import { describe, expect, it } from 'vitest';
import { deciderSpec, stateAfter } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { RoleCommand } from './identity.commands.js';
import type { RoleEvent } from './identity.events.js';
import { BUILT_IN_ROLES, PERMISSIONS as P, type Permission } from './permissions.js';
import { roleDecider } from './role.decider.js';

const spec = deciderSpec(roleDecider);
const role = 'front-desk';
const define = (permissions: string[], name = role, description = 'Reception'): RoleCommand => ({ type: 'DefineRole', data: { role: name, description, permissions: permissions as Permission[] } });
const change = (permissions: string[], description = 'Reception'): RoleCommand => ({ type: 'ChangeRole', data: { role, description, permissions: permissions as Permission[] } });
const defined: RoleEvent = { type: 'RoleDefined', data: { role, description: 'Reception', permissions: [P.bookingCheckIn, P.bookingReadAny] } };
const deleted: RoleEvent = { type: 'RoleDeleted', data: { role } };

describe('role decider', () => {
  describe('define', () => {
    it('defines a role with its permissions deduplicated and sorted', () => {
      spec.given([]).when(define([P.bookingReadAny, P.bookingCheckIn, P.bookingReadAny])).then([defined]);
      expect(stateAfter(roleDecider, [defined])).toEqual({ status: 'defined', ...defined.data });
    });

    it.each(['a', 'Front-desk', '1st-floor', 'front desk', 'front_desk', `r${'x'.repeat(40)}`, '-desk'])('refuses the name %j', (name) => {
      const error = spec.given([]).when(define([P.catalogRead], name)).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'name', message: 'a role name is 2-40 lower-case letters, digits or dashes, starting with a letter' }]);
    });

    it.each(['ab', 'desk-2', `r${'x'.repeat(39)}`])('accepts the name %j', (name) => {
      expect(roleDecider.decide(define([P.catalogRead], name), roleDecider.initialState())).toHaveLength(1);
    });

    it.each(Object.keys(BUILT_IN_ROLES))('refuses the built-in name %s', (name) => {
      const error = spec.given([]).when(define([P.catalogRead], name)).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'name', message: `${name} is a built-in role and cannot be changed` }]);
    });

    it('refuses permissions outside the catalogue, naming them', () => {
      const error = spec.given([]).when(define([P.catalogRead, 'bookings.delete', 'root'])).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'permissions', message: 'not in the permission catalogue: bookings.delete, root' }]);
    });

    it('refuses a role without permissions', () => {
      const error = spec.given([]).when(define([])).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'permissions', message: 'a role grants at least one permission' }]);
    });

    it('refuses a description over 500 characters', () => {
      const error = spec.given([]).when(define([P.catalogRead], role, 'x'.repeat(501))).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'description', message: 'at most 500 characters' }]);
    });

    it('reports every issue at once', () => {
      const error = spec.given([]).when(define([], 'X')).thenThrows(ValidationError);
      expect(error.issues.map((i) => i.field)).toEqual(['name', 'permissions']);
    });

    it('refuses to define a role that exists', () => {
      const error = spec.given([defined]).when(define([P.catalogRead])).thenThrows(ConflictError);
      expect(error.message).toBe('role front-desk already exists');
    });

    it('refuses the name of a deleted role, so its former holders cannot inherit a new one', () => {
      spec.given([defined, deleted]).when(define([P.catalogRead])).thenThrows(ConflictError);
    });
  });

  describe('change', () => {
    it('changes description and permissions', () => {
      const changed: RoleEvent = { type: 'RoleChanged', data: { role, description: 'Front desk', permissions: [P.bookingCheckIn] } };
      spec.given([defined]).when(change([P.bookingCheckIn], 'Front desk')).then([changed]);
      expect(stateAfter(roleDecider, [defined, changed])).toEqual({ status: 'defined', ...changed.data });
    });

    it('changes nothing when description and permissions are the same (in any order)', () => {
      spec.given([defined]).when(change([P.bookingReadAny, P.bookingCheckIn, P.bookingCheckIn])).thenNothing();
    });

    it('validates the new permissions', () => {
      spec.given([defined]).when(change([])).thenThrows(ValidationError);
      spec.given([defined]).when(change(['nope'])).thenThrows(ValidationError);
    });

    it('cannot change a role that does not exist or was deleted', () => {
      spec.given([]).when(change([P.catalogRead])).thenThrows(NotFoundError);
      spec.given([defined, deleted]).when(change([P.catalogRead])).thenThrows(NotFoundError);
    });

    it('cannot change a built-in role (it has no stream)', () => {
      spec.given([]).when({ type: 'ChangeRole', data: { role: 'admin', description: '', permissions: [P.catalogRead] } }).thenThrows(NotFoundError);
    });
  });

  describe('delete', () => {
    it('deletes a defined role', () => {
      spec.given([defined]).when({ type: 'DeleteRole', data: { role } }).then([deleted]);
      expect(stateAfter(roleDecider, [defined, deleted])).toEqual({ status: 'deleted' });
    });

    it('deleting a role that does not exist (or no longer does) is not found', () => {
      const error = spec.given([]).when({ type: 'DeleteRole', data: { role } }).thenThrows(NotFoundError);
      expect(error).toMatchObject({ entity: 'role', id: role });
      spec.given([defined, deleted]).when({ type: 'DeleteRole', data: { role } }).thenThrows(NotFoundError);
    });
  });
});
