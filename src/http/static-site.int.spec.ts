import type { Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CSP } from './security-headers.js';
import { staticSite } from './static-site.js';

describe('staticSite (the built web client)', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const script = `export const greeting = ${JSON.stringify('hello '.repeat(2000))};\n`;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'reserva-static-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>Reserva</title><script type="module" src="/assets/index-a1b2c3.js"></script>');
    await writeFile(path.join(dir, 'assets/index-a1b2c3.js'), script);
    const app = express().use(staticSite(dir));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html for the root and for deep links, revalidated on every visit', async () => {
    for (const url of ['/', '/index.html', '/spaces/xyz', '/reset-password?token=abc']) {
      const res = await fetch(`${base}${url}`, { headers: { Accept: 'text/html' } });
      expect(res.status, url).toBe(200);
      expect(await res.text(), url).toContain('<title>Reserva</title>');
      expect(res.headers.get('cache-control'), url).toBe('no-cache');
      expect(res.headers.get('content-security-policy'), url).toBe(PAGE_CSP);
    }
  });

  it('lets browsers keep hashed assets for good, and answers 404 for an asset that is gone', async () => {
    const asset = await fetch(`${base}/assets/index-a1b2c3.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe(script);
    const gone = await fetch(`${base}/assets/index-000000.js`, { headers: { Accept: '*/*' } });
    expect(gone.status).toBe(404);
  });

  it('compresses with brotli or gzip, as the browser accepts', async () => {
    const brotli = await fetch(`${base}/assets/index-a1b2c3.js`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toContain('Accept-Encoding');
    expect(await brotli.text()).toBe(script);
    const gzip = await fetch(`${base}/assets/index-a1b2c3.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(script);
    const identity = await fetch(`${base}/assets/index-a1b2c3.js`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(Number(identity.headers.get('content-length'))).toBe(Buffer.byteLength(script));
  });

  it('leaves /api paths and other methods to the API', async () => {
    expect((await fetch(`${base}/api/v1/nothing`, { headers: { Accept: 'text/html' } })).status).toBe(404);
    expect((await fetch(`${base}/spaces/xyz`, { method: 'POST', headers: { Accept: 'text/html' } })).status).toBe(404);
  });
});
