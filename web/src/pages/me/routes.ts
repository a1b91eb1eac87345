import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

const ProfilePage = lazy(() => import('./ProfilePage.js'));
const CalendarPage = lazy(() => import('./CalendarPage.js'));

export const routes: AppRoute[] = [
  { path: '/me/inbox', page: lazy(() => import('./InboxPage.js')), auth: true, nav: { label: 'me.nav.inbox', group: 'me' } },
  { path: '/me', page: ProfilePage, auth: true, nav: { label: 'me.nav.account', group: 'me' } },
  // Where the emails and pushes about one's account link to.
  { path: '/account', page: ProfilePage, auth: true },
  { path: '/me/notifications', page: lazy(() => import('./NotificationPreferencesPage.js')), auth: true },
  { path: '/me/security', page: lazy(() => import('./SecurityPage.js')), auth: true },
  { path: '/me/calendar', page: CalendarPage, auth: true },
  // The Google OAuth callback sends the browser back here (GOOGLE_CALENDAR_SETTINGS_PATH).
  { path: '/settings/calendar', page: CalendarPage, auth: true },
];
