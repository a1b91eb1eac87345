import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';
import type { OpenApiDocument } from './openapi-document.js';

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every `METHOD /path` in express's route table (all our routers are mounted at the root). */
function expressRoutes(stack: RouterLayer[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`);
    return layer.handle?.stack ? expressRoutes(layer.handle.stack) : [];
  });
}

describe('OpenAPI document and Swagger UI', () => {
  let h: HttpHarness;
  let doc: OpenApiDocument;
  let staticDir: string;
  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(os.tmpdir(), 'reserva-web-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Reserva</title>');
    h = await startHttpHarness({ staticDir });
    doc = (await h.call('GET', '/api/openapi.json')).body;
  });
  afterAll(async () => {
    await h?.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Booking', 'RequestBookingRequest', 'BookingPolicy']));
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it('describes exactly the routes the app serves', () => {
    const served = expressRoutes((h.app as unknown as { router: { stack: RouterLayer[] } }).router.stack).filter((r) => r !== 'GET /api/openapi.json');
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{([^}]+)\}/g, ':$1')}`));
    expect(served.sort()).toEqual(documented.sort());
    expect(documented).toEqual(
      expect.arrayContaining([
        'POST /api/v1/bookings',
        'GET /api/v1/bookings/:bookingId',
        'GET /api/v1/bookings/:bookingId/history',
        'PATCH /api/v1/bookings/:bookingId',
        'POST /api/v1/bookings/:bookingId/cancel',
        'GET /api/v1/spaces/:spaceId/availability',
        'GET /healthz',
        'GET /readyz',
      ]),
    );
  });

  it('declares every path parameter, the problem responses and the headers of each operation', () => {
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.slice('"#/components/schemas/'.length, -1));
    for (const [p, ops] of Object.entries(doc.paths)) {
      const templateParams = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops) as Record<string, any>[]) {
        const declared = (op.parameters ?? []).filter((x: any) => x.in === 'path').map((x: any) => x.name);
        expect(declared).toEqual(templateParams);
        expect(op.responses['500'].content['application/problem+json']).toBeDefined();
      }
    }
    const request = doc.paths['/api/v1/bookings']!.post as Record<string, any>;
    expect(request.parameters.map((x: any) => x.name)).toContain('Idempotency-Key');
    expect(Object.keys(request.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409', '413', '415', '422']));
    expect(Object.keys(request.responses['201'].headers)).toEqual(expect.arrayContaining(['ETag', 'Location']));
    expect(request.security).toEqual([{ devUser: [], devRoles: [] }]);
    const change = doc.paths['/api/v1/bookings/{bookingId}']!.patch as Record<string, any>;
    expect(change.parameters.map((x: any) => x.name)).toEqual(['bookingId', 'If-Match']);
    expect(change.responses).toHaveProperty('412');
    expect((doc.paths['/healthz']!.get as Record<string, any>).security).toEqual([]);
  });

  it('serves Swagger UI with its assets from the package (works offline)', async () => {
    const redirect = await h.call('GET', '/api/docs');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/api/docs/');
    const page = await h.call('GET', '/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.body).toContain('swagger-ui');
    expect(page.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const init = await h.call('GET', '/api/docs/swagger-ui-init.js');
    expect(init.body).toContain('/api/openapi.json');
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'swagger-ui.css']) {
      expect((await h.call('GET', `/api/docs/${asset}`)).status, asset).toBe(200);
    }
  });

  it('serves the web client and leaves unknown API paths to problem+json', async () => {
    const home = await h.call('GET', '/', { headers: { Accept: 'text/html' } });
    expect(home.status).toBe(200);
    expect(home.body).toContain('<title>Reserva</title>');
    const deepLink = await h.call('GET', '/bookings/upcoming', { headers: { Accept: 'text/html' } });
    expect(deepLink.body).toContain('<title>Reserva</title>');
    const api = await h.call('GET', '/api/v1/nothing', { headers: { Accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
