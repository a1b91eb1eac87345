import type { AppRoute } from './app-route.js';
import { routes as admin } from '../pages/admin/routes.js';
import { routes as analytics } from '../pages/analytics/routes.js';
import { routes as audit } from '../pages/audit/routes.js';
import { routes as auth } from '../pages/auth/routes.js';
import { routes as bookings } from '../pages/bookings/routes.js';
import { routes as calendar } from '../pages/calendar/routes.js';
import { routes as me } from '../pages/me/routes.js';
import { routes as search } from '../pages/search/routes.js';
import { routes as spaces } from '../pages/spaces/routes.js';

/** Every page; the search page is `/`. Order matters only between equal-length patterns. */
export const appRoutes: AppRoute[] = [...search, ...spaces, ...calendar, ...bookings, ...me, ...admin, ...analytics, ...audit, ...auth];
