import { createHash } from 'node:crypto';
import { assertNever } from '../../shared/domain/decider.js';
import type { HttpResponse } from '../http-response.js';
import { HttpProblem } from '../problem/http-problem.js';
import type { IdempotencyStore, IdempotentRequest } from './idempotency-store.js';

/** Visible ASCII, at most 255 characters (UUIDs and ULIDs fit). */
const KEY = /^[\x21-\x7e]{1,255}$/;

export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

/** Reads `Idempotency-Key`; undefined when absent, a 400 problem when malformed. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header)) {
    throw new HttpProblem('invalid-request', 'Idempotency-Key must be 1-255 visible ASCII characters.', {
      errors: [{ field: 'Idempotency-Key', message: 'expected 1-255 visible ASCII characters' }],
    });
  }
  return header;
}

/** Binds a key to one request: method, path and body (key order in the body does not matter). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Runs `execute` at most once per (actor, key): replays a stored response, refuses a reused
 * key (422) or a concurrent duplicate (409). `execute` returns 2xx or domain 4xx responses,
 * which are stored; anything it throws releases the key so a retry runs again.
 */
export async function respondIdempotently(
  store: IdempotencyStore,
  request: IdempotentRequest,
  now: Date,
  execute: () => Promise<HttpResponse>,
  onStoreFailure: (err: unknown) => void,
): Promise<HttpResponse> {
  const claim = await store.claim(request, now);
  switch (claim.outcome) {
    case 'replay':
      return { ...claim.response, headers: { ...claim.response.headers, [IDEMPOTENT_REPLAY_HEADER]: 'true' } };
    case 'mismatch':
      throw new HttpProblem('idempotency-key-reused', 'This Idempotency-Key was already used for a different request; use a new key.', {
        errors: [{ field: 'Idempotency-Key', message: 'already used for a different request' }],
      });
    case 'in_flight':
      throw new HttpProblem('idempotency-key-in-use', 'A request with this Idempotency-Key is still being processed; retry shortly.', {
        headers: { 'Retry-After': '1' },
      });
    case 'claimed':
      break;
    default:
      assertNever(claim);
  }
  let response: HttpResponse;
  try {
    response = await execute();
  } catch (err) {
    await store.release(request).catch(onStoreFailure);
    throw err;
  }
  // The command already took effect: answer it even if remembering the answer fails.
  await store.complete(request, response).catch(onStoreFailure);
  return response;
}
