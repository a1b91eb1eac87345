import type { ComponentType, LazyExoticComponent } from 'react';
import type { MessageKey } from '../i18n/i18n.js';

export type NavGroup = 'main' | 'me' | 'staff' | 'analytics' | 'audit';

export interface AppRoute {
  /** Pattern such as `/spaces/:spaceId`. */
  path: string;
  page: LazyExoticComponent<ComponentType> | ComponentType;
  /** Signed-in people only (the page asks to sign in otherwise). */
  auth?: boolean;
  /** Any of these permissions (anywhere) to see the page; the API still checks every request. */
  permissions?: string[];
  nav?: { label: MessageKey; group: NavGroup };
}
