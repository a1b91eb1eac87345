import type { RequestHandler } from 'express';

/** CSP for JSON responses: nothing may load or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
/** CSP for HTML pages we serve (Swagger UI, the web client): own assets only; inline styles for Swagger UI. */
export const PAGE_CSP = "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** The helmet defaults that matter for this API, without the dependency. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Content-Security-Policy': API_CSP,
    });
    next();
  };
}
