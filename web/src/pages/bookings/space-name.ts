import { api } from '../../api/client.js';
import type { Space } from '../../api/types.js';

// Bookings carry only their space's id: each name is fetched once for the page's lifetime.
const names = new Map<string, Promise<string>>();

/** A space's name; a failed fetch is forgotten, so the next call asks again. */
export function spaceName(spaceId: string): Promise<string> {
  let name = names.get(spaceId);
  if (!name) {
    name = api.get<Space>(`/spaces/${spaceId}`).then((s) => s.name);
    name.catch(() => names.delete(spaceId));
    names.set(spaceId, name);
  }
  return name;
}
