// Builds the web client (web/ → web/dist) when it is missing or its inputs changed: a hash of the
// inputs is kept in web/dist/.inputs-hash, so a fresh build costs one read of the sources.
//
//   node scripts/build-web.mjs                 build when stale (npm test's global setup does the same)
//   node scripts/build-web.mjs --force         always build (npm run build:web, the Docker image)
//   node scripts/build-web.mjs --keep-going    build when stale; if that fails, warn and exit 0 (npm start:
//                                              the API stays usable while the client is being edited)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB_DIST = path.join(ROOT, 'web/dist');
const STAMP = '.inputs-hash';
/** What the bundle is made of (its tests, web/src/**\/*.spec.*, are not). */
const INPUT_FILES = ['web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'package-lock.json', 'scripts/build-web.mjs'];
const INPUT_DIRS = ['web/src'];
const isTest = (file) => /\.spec\.[cm]?[jt]sx?$/.test(file);

function webInputsHash() {
  const files = [
    ...INPUT_FILES.filter((file) => existsSync(path.join(ROOT, file))),
    ...INPUT_DIRS.flatMap((dir) =>
      readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
        .filter((file) => !isTest(file)),
    ),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(ROOT, file))).update('\0');
  return hash.digest('hex');
}

function builtHash() {
  try {
    return readFileSync(path.join(WEB_DIST, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Builds web/dist unless it is fresh. The build goes to a folder of its own and then takes
 * web/dist's place, so a server running meanwhile (npm start beside npm test) never serves a
 * half-written client. Resolves to whether it built, and how long that took.
 */
export async function buildWeb({ force = false } = {}) {
  const inputs = webInputsHash();
  if (!force && builtHash() === inputs) return { built: false, ms: 0 };
  const started = performance.now();
  // Outside web/ so that a running dev server does not see the staged index.html change.
  const staging = path.join(ROOT, `node_modules/.cache/reserva-web-dist-${process.pid}`);
  try {
    await runVite(staging);
    await writeFile(path.join(staging, STAMP), `${inputs}\n`);
    await replaceDist(staging);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const ms = Math.round(performance.now() - started);
  console.log(`web client built into web/dist in ${ms} ms`);
  return { built: true, ms };
}

/** Puts the staged build in web/dist's place; another builder (a second test run) may be swapping its own at the same moment. */
async function replaceDist(staging) {
  const old = `${staging}-old`;
  for (let attempt = 1; ; attempt++) {
    await rename(WEB_DIST, old).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rm(old, { recursive: true, force: true });
    try {
      return await rename(staging, WEB_DIST);
    } catch (error) {
      if ((error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') || attempt === 5) throw error;
    }
  }
}

/** `vite build --config web/vite.config.ts` into `outDir`; always a production build, whatever NODE_ENV the caller runs under (vitest sets "test"). */
function runVite(outDir) {
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  const args = [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${signal ?? `exit code ${code}`})`))));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const keepGoing = process.argv.includes('--keep-going');
  try {
    const { built } = await buildWeb({ force });
    if (!built) console.log('web/dist is up to date');
  } catch (error) {
    if (!keepGoing) {
      console.error(error.message);
      process.exit(1);
    }
    const fallback = existsSync(path.join(WEB_DIST, 'index.html')) ? 'serving the previous build of the web client' : 'no web client: only the API and its docs are served';
    console.warn(`\n*** ${error.message}: ${fallback}. Fix web/ and restart (or run npm run build:web). ***\n`);
  }
}
