import type { RequestHandler } from 'express';
import type { AnyApiRoute } from '../api-route.js';
import { HttpProblem } from './http-problem.js';

/** Fallback after every route: 405 with `Allow` when the path exists under another method, else 404. */
export function routeNotFound(routes: readonly AnyApiRoute[]): RequestHandler {
  const templates = routes.map((route) => ({ method: route.method.toUpperCase(), pattern: templatePattern(route.path) }));
  return (req, _res, next) => {
    const allowed = [...new Set(templates.filter((t) => t.pattern.test(req.path)).map((t) => t.method))];
    if (allowed.length > 0) {
      next(new HttpProblem('method-not-allowed', `${req.method} is not allowed here; use ${allowed.join(', ')}.`, { headers: { Allow: allowed.join(', ') } }));
    } else {
      next(new HttpProblem('not-found', `No endpoint matches ${req.method} ${req.path}.`));
    }
  };
}

function templatePattern(template: string): RegExp {
  const escaped = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^/]+')}/?$`);
}
