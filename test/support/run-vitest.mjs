// `npm test`: runs vitest and fails unless tests really ran and passed. Vitest 4 exits 0 when
// its global setup (the embedded PostgreSQL) fails, which would let a broken install pass CI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import './ensure-system-tools.mjs';

const dir = mkdtempSync(path.join(os.tmpdir(), 'reserva-vitest-'));
const report = path.join(dir, 'report.json');
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let summary;
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  summary = undefined;
}
rmSync(dir, { recursive: true, force: true });
const ran = summary !== undefined && summary.numTotalTests > 0;
if (run.status !== 0 || !ran || !summary.success) {
  console.error(ran ? 'tests failed' : 'no test report: vitest did not run the tests (see the errors above)');
  process.exit(run.status || 1);
}
