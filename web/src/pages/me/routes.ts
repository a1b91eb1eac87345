import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [];
