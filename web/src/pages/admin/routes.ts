import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

// The API checks every request again; `permissions` only decides who sees the pages and links.
export const routes: AppRoute[] = [
  { path: '/staff/approvals', page: lazy(() => import('./ApprovalsPage.js')), permissions: ['booking.approve'], nav: { label: 'admin.nav.approvals', group: 'staff' } },
  { path: '/staff/sites', page: lazy(() => import('./SitesPage.js')), permissions: ['catalog.manage'], nav: { label: 'admin.nav.sites', group: 'staff' } },
  { path: '/staff/sites/:siteId', page: lazy(() => import('./SitePage.js')), permissions: ['catalog.manage'] },
  { path: '/staff/spaces/:spaceId', page: lazy(() => import('./SpacePage.js')), permissions: ['catalog.manage'] },
  { path: '/staff/resources', page: lazy(() => import('./ResourcesPage.js')), permissions: ['catalog.manage'], nav: { label: 'admin.nav.resources', group: 'staff' } },
  { path: '/staff/blackouts', page: lazy(() => import('./BlackoutsPage.js')), permissions: ['blackout.manage'], nav: { label: 'admin.nav.blackouts', group: 'staff' } },
  { path: '/admin/users', page: lazy(() => import('./UsersPage.js')), permissions: ['users.read'], nav: { label: 'admin.nav.users', group: 'staff' } },
  { path: '/admin/users/:userId', page: lazy(() => import('./UserPage.js')), permissions: ['users.read'] },
  { path: '/admin/roles', page: lazy(() => import('./RolesPage.js')), permissions: ['roles.manage', 'users.read'], nav: { label: 'admin.nav.roles', group: 'staff' } },
  { path: '/admin/deliveries', page: lazy(() => import('./DeliveriesPage.js')), permissions: ['notifications.manage'], nav: { label: 'admin.nav.deliveries', group: 'staff' } },
];
