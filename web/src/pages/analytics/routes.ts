import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [
  { path: '/analytics', page: lazy(() => import('./AnalyticsPage.js')), permissions: ['analytics.read'], nav: { label: 'analytics.nav', group: 'analytics' } },
  { path: '/recommendations', page: lazy(() => import('./RecommendationsPage.js')), permissions: ['booking.create'], nav: { label: 'analytics.rec.nav', group: 'main' } },
];
