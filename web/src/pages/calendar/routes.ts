import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [
  { path: '/calendar/sites/:siteId', page: lazy(() => import('./SiteCalendarPage.js')) },
  { path: '/calendar/me', page: lazy(() => import('./MyCalendarPage.js')), auth: true, nav: { label: 'calendar.nav.me', group: 'me' } },
];
