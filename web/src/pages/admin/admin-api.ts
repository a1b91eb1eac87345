import { ApiProblem } from '../../api/api-problem.js';
import { api, type ApiClient, type Query } from '../../api/client.js';
import type { Site, SitePage, UserSummary } from '../../api/types.js';
import type { SessionUser } from '../../auth/session.js';

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits (briefly) until the read model shows a write. The catalogue's GETs are public and the
 * server honours `Reserva-Consistency` only on signed-in routes, so after a catalogue write we
 * ask again rather than show the old version. Lists, not the new entity's own URL, tell that a
 * creation arrived: a 404 there would be logged by the browser as an error.
 */
export async function until(arrived: () => Promise<boolean>): Promise<void> {
  // The write is done whatever happens here: a failed look only means "not yet".
  const look = () => arrived().catch(() => false);
  for (let attempt = 1; attempt <= 25 && !(await look()); attempt++) await pause(Math.min(40 * attempt, 400));
}

/** The entity at `path` has reached `revision`. */
export const hasRevision =
  (path: string, revision: number, client: ApiClient = api) =>
  async (): Promise<boolean> =>
    (await client.get<{ revision: number }>(path)).revision >= revision;

/** The list at `path` (filtered by `query`) holds `id`. */
export const isListed =
  (path: string, query: Query, id: string, client: ApiClient = api) =>
  async (): Promise<boolean> =>
    (await client.get<{ items: { id: string }[] }>(path, { query })).items.some((item) => item.id === id);

/** 412: someone changed the entity after we loaded it. */
export function isStale(err: unknown): err is ApiProblem {
  return err instanceof ApiProblem && err.status === 412;
}

/** Every site (the catalogue is small; the API pages at 200). */
export async function loadSites(signal?: AbortSignal): Promise<Site[]> {
  const page = await api.get<SitePage>('/sites', { query: { limit: 200 }, signal });
  return [...page.items].sort((a, b) => a.name.localeCompare(b.name));
}

/** People's display names by id (each asked once); an account the viewer may not read, or that is gone, is left out. */
export async function displayNames(userIds: readonly string[], signal?: AbortSignal, client: ApiClient = api): Promise<Map<string, string>> {
  const people = await Promise.all([...new Set(userIds)].map((id) => client.get<UserSummary>(`/users/${id}`, { signal }).catch(() => undefined)));
  return new Map(people.filter((p): p is UserSummary => !!p).map((p) => [p.userId, p.displayName]));
}

/** Whether the person holds `permission` on every site (not only on some). */
export function holdsEverywhere(user: SessionUser | null | undefined, permission: string): boolean {
  return user?.permissions?.some((p) => p.permission === permission && p.siteIds === null) ?? false;
}
