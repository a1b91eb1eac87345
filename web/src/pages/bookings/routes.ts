import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [
  { path: '/book', page: lazy(() => import('./BookPage.js')), auth: true },
  { path: '/bookings', page: lazy(() => import('./MyBookingsPage.js')), auth: true, nav: { label: 'bookings.nav.mine', group: 'me' } },
  { path: '/bookings/:bookingId', page: lazy(() => import('./BookingPage.js')), auth: true },
];
