import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { HealthStatus } from '../contracts/health.contracts.js';
import { HttpProblem } from '../problem/http-problem.js';

const tags = ['health'];

export function healthRoutes(readiness: () => Promise<boolean>): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'liveness',
      summary: 'Liveness: the process answers',
      tags,
      access: 'public',
      success: { status: 200, description: 'Alive.', schema: HealthStatus },
      errors: [],
      handle: async () => ({ body: { status: 'ok' as const } }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'readiness',
      summary: 'Readiness: dependencies are reachable',
      tags,
      access: 'public',
      success: { status: 200, description: 'Ready to serve.', schema: HealthStatus },
      errors: [503],
      handle: async () => {
        const ready = await readiness().catch(() => false);
        if (!ready) throw new HttpProblem('unavailable', 'A dependency is not ready yet.');
        return { body: { status: 'ready' as const } };
      },
    }),
  ];
}
