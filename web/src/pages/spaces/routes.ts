import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [
  { path: '/spaces/:spaceId', page: lazy(() => import('./SpacePage.js')) },
  { path: '/sites/:siteId', page: lazy(() => import('./SitePage.js')) },
];
