/**
 * Entry point: `npm run rebuild-read-model -- <projection|all> [--switch]` rebuilds read
 * models from position zero into a fresh schema, reports whether they equal the live ones
 * (exit 0 when equal, 1 when not), and with --switch makes the rebuild live.
 */
import type pg from 'pg';
import { ALL_PROJECTIONS } from '../../projections/all-projections.js';
import { rebuildReadModel, switchReadModel } from '../../projections/rebuild.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import type { EventStore } from '../shared/event-store/event-store.js';

const args = process.argv.slice(2);
const projection = args.find((a) => !a.startsWith('--')) ?? 'all';
const switchToRebuild = args.includes('--switch');
if (projection !== 'all' && !ALL_PROJECTIONS.some((p) => p.name === projection)) {
  process.stderr.write(`unknown read model ${JSON.stringify(projection)}; choose one of: all, ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}\n`);
  process.exit(2);
}
if (switchToRebuild && projection !== 'all') {
  process.stderr.write('--switch replaces the whole read-model schema, so it needs a rebuild of all read models: use `all --switch`\n');
  process.exit(2);
}

const runtime = await bootstrap('rebuild-read-model');
const pool = runtime.container.get<pg.Pool>(SERVICES.ReadPool);
const store = runtime.container.get<EventStore>(SERVICES.EventStore);
const report = await rebuildReadModel({ store, pool, projection, liveSchema: runtime.config.readModelSchema, keep: switchToRebuild });
process.stdout.write(
  `${JSON.stringify({ projection, equal: report.equal, events: report.events, seconds: report.seconds, eventsPerSecond: Math.round(report.events / Math.max(report.seconds, 1e-9)), differences: report.differences }, null, 2)}\n`,
);
if (switchToRebuild) {
  const { retiredSchema } = await switchReadModel(pool, { schema: report.schema, liveSchema: runtime.config.readModelSchema });
  process.stdout.write(`switched: ${report.schema} is now ${runtime.config.readModelSchema}; the old one is kept as ${retiredSchema}\n`);
}
await runtime.shutdown();
process.exit(report.equal ? 0 : 1);
