import path from 'node:path';
import { constants } from 'node:zlib';
import compression from 'compression';
import express, { type RequestHandler } from 'express';
import { PAGE_CSP } from './security-headers.js';

/** Vite's output names carry a hash of their content: a changed file gets a new name, so browsers may keep these for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const ASSETS = '/assets/';

/**
 * Serves the built web client (web/dist), compressed (brotli or gzip, as the browser accepts).
 * Other HTML navigations outside /api get its index.html (client-side routing); index.html is
 * revalidated on every visit so a new release is picked up at once.
 */
export function staticSite(dir: string): RequestHandler[] {
  const index = path.join(dir, 'index.html');
  const assets = path.join(dir, ASSETS);
  const pageHeaders = { 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-cache' };
  // Brotli quality 5: 6 % smaller than gzip for the main bundle at about the same cost (~6 ms per 250 kB).
  const compress = compression({ brotli: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } } });
  return [
    (req, res, next) => (req.path.startsWith('/api/') ? next() : compress(req, res, next)),
    express.static(dir, {
      index: 'index.html',
      setHeaders: (res, file) => {
        if (file.startsWith(assets)) res.set('Cache-Control', IMMUTABLE);
        else res.set(pageHeaders);
      },
    }),
    (req, res, next) => {
      // A missing asset (an old hash after a release) is a 404, not the page in its place.
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path.startsWith(ASSETS) || !req.accepts('html')) return next();
      res.sendFile(index, { headers: pageHeaders }, (err) => {
        if (err) next();
      });
    },
  ];
}
