import http from 'node:http';
import { renderMetrics, type Metric } from './metrics.js';

/** /healthz and /metrics for the entry points that serve no API (projector, process manager). */
export function startHealthServer(options: { port: number; host: string; metrics: Metric[] }): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(renderMetrics(options.metrics));
    } else {
      res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"title":"Not Found","status":404}');
    }
  });
  return new Promise((resolve) => server.listen(options.port, options.host, () => resolve(server)));
}
