// For the end-to-end specs that run the pages' own requests against a real server (never bundled).
import { expect } from 'vitest';
import type { TestServer } from '../../../test/support/test-server.js';
import { ApiProblem } from '../api/api-problem.js';
import { ApiClient } from '../api/client.js';

/** The client the pages use, signed in as `userId` with `roles` (a bearer token that is never refreshed). */
export async function signedInClient(server: TestServer, userId: string, roles: string[]): Promise<ApiClient> {
  const token = await server.tokenFor(userId, roles);
  const client = new ApiClient(`${server.baseUrl}/api/v1`);
  client.useTokens({ accessToken: () => token, refresh: async () => false, expired: () => {} });
  return client;
}

/** The problem a call fails with (the test fails if it succeeds). */
export async function problemOf(call: Promise<unknown>): Promise<ApiProblem> {
  const outcome = await call.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(ApiProblem);
  return outcome as ApiProblem;
}
