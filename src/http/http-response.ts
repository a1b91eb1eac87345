import type { Response } from 'express';

/** A complete response as data, so it can be stored for an idempotent replay and sent later. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export function sendResponse(res: Response, response: HttpResponse): void {
  res.status(response.status).set(response.headers).send(JSON.stringify(response.body));
}
