import { randomUUID } from 'node:crypto';
import type { CatalogCommands } from '../../src/catalog/application/catalog-commands.js';
import type { BookingPolicy } from '../../src/catalog/domain/catalog.types.js';
import { permissionsOfRoles } from '../../src/identity/domain/permissions.js';
import type { CommandContext } from '../../src/shared/event-store/envelope.js';

/** 24/7, bookable on a 15-minute grid for up to four hours, 90 days ahead, no approval. */
export const ALWAYS_OPEN: BookingPolicy = {
  openingHours: null,
  slotMinutes: 15,
  minDurationMinutes: 15,
  maxDurationMinutes: 240,
  maxAdvanceDays: 90,
  bufferMinutes: 0,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
};

function adminContext(): CommandContext {
  const id = randomUUID();
  return { actor: { id: 'bench-admin', kind: 'user' }, permissions: permissionsOfRoles(['admin']), correlationId: id, causationId: id, now: new Date(), newId: randomUUID };
}

/** A site and `count` always-open meeting rooms, through the catalog command handlers; returns the space ids. */
export async function createAlwaysOpenSpaces(catalog: CatalogCommands, count: number): Promise<string[]> {
  const { id: siteId } = await catalog.registerSite(
    { name: 'Benchmark Tower', address: 'Friedrichstraße 1', city: 'Berlin', latitude: 52.52, longitude: 13.39, timeZone: 'Europe/Berlin', kind: 'office' },
    adminContext(),
  );
  const spaceIds = Array.from({ length: count }, () => randomUUID());
  for (let i = 0; i < count; i += 16) {
    await Promise.all(
      spaceIds.slice(i, i + 16).map((spaceId, j) =>
        catalog.createSpace(
          { spaceId, siteId, name: `Room ${i + j + 1}`, kind: 'meeting_room', capacity: 8, amenities: ['screen'], photoUrls: [], description: '', policy: ALWAYS_OPEN },
          adminContext(),
        ),
      ),
    );
  }
  return spaceIds;
}
