import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [
  { path: '/audit', page: lazy(() => import('./AuditPage.js')), permissions: ['audit.read'], nav: { label: 'audit.nav', group: 'audit' } },
  { path: '/audit/bookings/:bookingId', page: lazy(() => import('./BookingHistoryPage.js')), permissions: ['audit.read'] },
];
