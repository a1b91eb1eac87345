import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [{ path: '/', page: lazy(() => import('./SearchPage.js')), nav: { label: 'search.nav', group: 'main' } }];
