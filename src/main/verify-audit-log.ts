/**
 * Entry point: `npm run verify-audit-log` recomputes the audit log's hash chain and prints the
 * outcome as JSON: exit 0 when it is intact, 1 with the first broken entry when it is not.
 */
import type pg from 'pg';
import { ensureAuditSchema } from '../audit/infrastructure/audit-schema.js';
import { PostgresAuditLog } from '../audit/infrastructure/postgres-audit-log.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';

const runtime = await bootstrap('verify-audit-log');
const pool = runtime.container.get<pg.Pool>(SERVICES.ReadPool);
await ensureAuditSchema(pool);
const verification = await new PostgresAuditLog(pool).verify();
process.stdout.write(`${JSON.stringify(verification, null, 2)}\n`);
await runtime.shutdown();
process.exit(verification.ok ? 0 : 1);
