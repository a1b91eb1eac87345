import { z } from 'zod';
import { Instant, Uuid } from './common.contracts.js';
import { named } from './schema-registry.js';

export const CalendarFeedSpaceParams = z.strictObject({ spaceId: Uuid });

export const CalendarFeedUrl = named(
  'CalendarFeedUrl',
  z.object({
    url: z.url().describe('Subscribe to it in any calendar app (webcal or https). Whoever has it can read the feed: treat it like a password. Shown only now.'),
    createdAt: Instant,
  }),
);

export const CalendarFeedStatus = named(
  'CalendarFeedStatus',
  z.object({
    exists: z.boolean().describe('Whether a feed URL is live; its secret is never shown again (issue a new one to see a URL).'),
    createdAt: Instant.nullable(),
  }),
);
