import type { AppRoute } from '../../app/app-route.js';
// The landing page is in the first bundle: a lazy chunk would cost a round trip before results.
import SearchPage from './SearchPage.js';

export const routes: AppRoute[] = [{ path: '/', page: SearchPage, nav: { label: 'search.nav', group: 'main' } }];
