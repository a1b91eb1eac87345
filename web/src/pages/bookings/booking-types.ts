// Types missing from web/src/api/types.ts, taken from the contracts the same way (type-only).
import type { z } from 'zod';
import type * as B from '../../../../src/http/contracts/bookings.contracts.js';
import type * as G from '../../../../src/http/contracts/google-calendar.contracts.js';

export type BookingPreview = z.infer<typeof B.BookingPreview>;
export type GoogleBookingSyncStatus = z.infer<typeof G.GoogleBookingSyncStatus>;
