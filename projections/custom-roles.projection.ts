import { ROLE_EVENT_TYPES, type RoleEvent } from '../src/identity/domain/identity.events.js';
import { assertNever } from '../src/shared/domain/decider.js';
import { defineProjection } from './projection.js';

/** `custom_roles`: the roles admins defined at run time, as they stand now. */
export const customRolesProjection = defineProjection({
  name: 'custom_roles',
  filter: { streamPrefixes: ['role-'], eventTypes: [...ROLE_EVENT_TYPES] },
  tables: ['custom_roles'],
  async applyBatch(client, events) {
    for (const event of events) {
      const e = event as unknown as RoleEvent;
      const at = event.metadata.occurredAt;
      switch (e.type) {
        case 'RoleDefined':
        case 'RoleChanged':
          await client.query(
            `INSERT INTO custom_roles (name, description, permissions, defined_at, updated_at, revision) VALUES ($1, $2, $3, $4, $4, $5)
             ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description, permissions = EXCLUDED.permissions, updated_at = EXCLUDED.updated_at, revision = EXCLUDED.revision`,
            [e.data.role, e.data.description, e.data.permissions, at, event.revision],
          );
          break;
        case 'RoleDeleted':
          await client.query('DELETE FROM custom_roles WHERE name = $1', [e.data.role]);
          break;
        default:
          assertNever(e);
      }
    }
  },
});
