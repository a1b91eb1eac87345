import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.js';

export const routes: AppRoute[] = [
  { path: '/sign-in', page: lazy(() => import('./SignInPage.js')) },
  { path: '/register', page: lazy(() => import('./RegisterPage.js')) },
  { path: '/verify-email', page: lazy(() => import('./VerifyEmailPage.js')) },
  { path: '/reset-password', page: lazy(() => import('./ResetPasswordPage.js')) },
];
