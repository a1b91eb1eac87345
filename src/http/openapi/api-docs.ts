import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';
import { PAGE_CSP } from '../security-headers.js';
import type { OpenApiDocument } from './openapi-document.js';

export const OPENAPI_PATH = '/api/openapi.json';
export const DOCS_PATH = '/api/docs';

/** The OpenAPI document and Swagger UI; the UI's assets come from the npm package, so it works offline. */
export function apiDocs(document: OpenApiDocument): Router {
  const router = express.Router();
  const uiOptions = { swaggerUrl: OPENAPI_PATH, customSiteTitle: `${document.info.title} docs` };
  router.get(OPENAPI_PATH, (_req, res) => {
    res.json(document);
  });
  router.use(DOCS_PATH, (req, res, next) => {
    // The page loads its assets by relative URL, which only resolve below `/api/docs/`.
    if (req.originalUrl === DOCS_PATH) return res.redirect(301, `${DOCS_PATH}/`);
    res.set('Content-Security-Policy', PAGE_CSP);
    next();
  });
  router.use(DOCS_PATH, swaggerUi.serveFiles(undefined, uiOptions), swaggerUi.setup(undefined, uiOptions));
  return router;
}
