import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { migrateReadModels } from '../read-models/migrate.js';
import { buildWeb, WEB_DIST } from '../scripts/build-web.mjs';
import { launchBrowser } from '../test/support/browser.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { startInProcessApi } from './support/in-process-api.js';
import { summarizeLatencies } from './support/latency.js';
import { fillReadModels } from './support/read-model-fill.js';

/**
 * The web client's first page, the search page `/`, in headless Chromium (Debian's, through
 * playwright-core) against the real API with 1,000 spaces in its read models:
 * - the production bundle the page loads (HTML, JS, CSS), gzip-compressed, against the 170 KB
 *   budget for a first page's compressed JS that web.dev's performance budgets start from;
 * - first contentful paint (Paint Timing), against the FCP of a plain static HTML page from a
 *   bare Node server on the same machine (the floor this browser reaches here);
 * - time until the results are usable (navigation start → the results list marked ready), against
 *   the time the API takes to answer the requests the page made, sent one after another from Node.
 * Each load is cold: a new browser context (empty cache) per run.
 */
const BENCH = 'web-client';
const SCHEMA = 'rm';
const BUDGET_KB = 170;
const READY = '[data-testid="search-results"][data-ready="true"]';

/** Records when the results first show as ready, relative to navigation start. */
const RECORD_READY = `(() => {
  const check = () => {
    if (document.querySelector('${READY}')) { window.__resultsReadyAt = performance.now(); observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
})();`;

async function firstPageBytes(urls: string[]): Promise<{ raw: number; gzip: number; files: number }> {
  let raw = 0;
  let gzip = 0;
  for (const url of urls) {
    const pathname = new URL(url).pathname;
    const file = path.join(WEB_DIST, pathname === '/' ? 'index.html' : pathname);
    const bytes = await readFile(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip, files: urls.length };
}

/** A static page with a heading and a paragraph, from a bare Node server: the FCP floor. */
async function staticPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const html = '<!doctype html><html lang="en"><meta charset="utf-8"><title>Static</title><body><h1>Find a space</h1><p>Static page.</p></body></html>';
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function runWebClientBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const runs = Math.max(3, Math.round(15 * scale));
  const spaces = 1_000;
  const { built, ms } = await buildWeb();
  progress(BENCH, built ? `built web/dist in ${Math.round(ms)} ms` : 'web/dist is up to date');
  return withBenchDatabase(opts.adminUrl, 'web', async (url) => {
    const api = await startInProcessApi(url);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const browser = await launchBrowser();
    const floor = await staticPageServer();
    try {
      await migrateReadModels(pool, SCHEMA);
      progress(BENCH, `filling read models: ${spaces} spaces in 10 sites, 20,000 bookings`);
      await fillReadModels(pool, SCHEMA, { sites: 10, spaces, bookings: 20_000 });

      const fcp: number[] = [];
      const usable: number[] = [];
      const floorFcp: number[] = [];
      let assets: string[] = [];
      let apiCalls: string[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.addInitScript(RECORD_READY);
        const requested: string[] = [];
        page.on('request', (r) => requested.push(r.url()));
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`${api.baseUrl}/`);
        await page.waitForSelector(READY, { timeout: 60_000 }).catch((error: Error) => {
          throw new Error(`the search page never showed its results: ${problems.join('; ') || error.message}`);
        });
        const timing = await page.evaluate(() => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
          ready: (window as unknown as { __resultsReadyAt: number }).__resultsReadyAt,
        }));
        fcp.push(timing.fcp);
        usable.push(timing.ready);
        const beforeReady = requested.filter((u) => u.startsWith(api.baseUrl));
        assets = beforeReady.filter((u) => new URL(u).pathname === '/' || /\.(js|css)$/.test(new URL(u).pathname));
        apiCalls = beforeReady.filter((u) => new URL(u).pathname.startsWith('/api/'));
        await context.close();

        const floorContext = await browser.newContext();
        const floorPage = await floorContext.newPage();
        await floorPage.goto(floor.url);
        await floorPage.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
        floorFcp.push(await floorPage.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]!.startTime));
        await floorContext.close();
      }

      // The same API requests from Node, one after another, after one warm-up round.
      const apiMs: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const began = performance.now();
        for (const call of apiCalls) await (await fetch(call)).arrayBuffer();
        if (i > 0) apiMs.push(performance.now() - began);
      }

      const bytes = await firstPageBytes(assets);
      const f = summarizeLatencies(fcp);
      const u = summarizeLatencies(usable);
      const floorP50 = summarizeLatencies(floorFcp).p50;
      const apiP50 = summarizeLatencies(apiMs).p50;
      progress(BENCH, `first page: ${bytes.files} files (${assets.map((a) => path.basename(new URL(a).pathname)).join(', ')}); API requests before ready: ${apiCalls.length}`);
      const gzipKb = bytes.gzip / 1024;
      return [
        { name: `web: first page (search) HTML+JS+CSS, gzip (${bytes.files} files, ${Math.round(bytes.raw / 1024)} KiB raw)`, value: gzipKb, unit: 'KiB', baseline: { name: 'first-page JS budget', value: BUDGET_KB }, ratio: gzipKb / BUDGET_KB, target: '≤ 1' },
        { name: `web: first contentful paint, search page, ${runs} cold loads: p50`, value: f.p50, unit: 'ms', baseline: { name: 'static HTML page FCP', value: floorP50 }, ratio: f.p50 / floorP50 },
        { name: 'web: first contentful paint: p95', value: f.p95, unit: 'ms' },
        { name: `web: search results usable, ${spaces.toLocaleString('en-US')} spaces: p50`, value: u.p50, unit: 'ms', baseline: { name: `its ${apiCalls.length} API requests from Node`, value: apiP50 }, ratio: u.p50 / apiP50 },
        { name: 'web: search results usable: p95', value: u.p95, unit: 'ms' },
      ];
    } finally {
      await floor.close();
      await browser.close();
      await pool.end();
      await api.close();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runWebClientBench);
