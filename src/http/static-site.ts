import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { PAGE_CSP } from './security-headers.js';

/** Serves the built web client; other HTML navigations outside /api get its index.html (client-side routing). */
export function staticSite(dir: string): RequestHandler[] {
  const index = path.join(dir, 'index.html');
  return [
    express.static(dir, { index: 'index.html', setHeaders: (res) => res.setHeader('Content-Security-Policy', PAGE_CSP) }),
    (req, res, next) => {
      if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || !req.accepts('html')) return next();
      res.sendFile(index, { headers: { 'Content-Security-Policy': PAGE_CSP } }, (err) => {
        if (err) next();
      });
    },
  ];
}
