import type { MessageKey, Translate } from '../../i18n/i18n.js';

/** What each permission lets someone do, in words; a permission the client does not know shows as its name. */
const PERMISSIONS: Record<string, MessageKey> = {
  'catalog.read': 'admin.permission.catalog.read',
  'catalog.manage': 'admin.permission.catalog.manage',
  'blackout.manage': 'admin.permission.blackout.manage',
  'booking.create': 'admin.permission.booking.create',
  'booking.create.others': 'admin.permission.booking.create.others',
  'booking.read.own': 'admin.permission.booking.read.own',
  'booking.read.any': 'admin.permission.booking.read.any',
  'booking.change.own': 'admin.permission.booking.change.own',
  'booking.change.any': 'admin.permission.booking.change.any',
  'booking.cancel.own': 'admin.permission.booking.cancel.own',
  'booking.cancel.any': 'admin.permission.booking.cancel.any',
  'booking.approve': 'admin.permission.booking.approve',
  'booking.checkin': 'admin.permission.booking.checkin',
  'booking.attendance.manage': 'admin.permission.booking.attendance.manage',
  'history.read': 'admin.permission.history.read',
  'audit.read': 'admin.permission.audit.read',
  'analytics.read': 'admin.permission.analytics.read',
  'users.read': 'admin.permission.users.read',
  'users.manage': 'admin.permission.users.manage',
  'roles.manage': 'admin.permission.roles.manage',
  'notifications.manage': 'admin.permission.notifications.manage',
};

const GROUPS: Record<string, MessageKey> = {
  catalog: 'admin.permissionGroup.catalog',
  blackout: 'admin.permissionGroup.blackout',
  booking: 'admin.permissionGroup.booking',
  history: 'admin.permissionGroup.history',
  audit: 'admin.permissionGroup.audit',
  analytics: 'admin.permissionGroup.analytics',
  users: 'admin.permissionGroup.users',
  roles: 'admin.permissionGroup.roles',
  notifications: 'admin.permissionGroup.notifications',
};

export function permissionText(t: Translate, permission: string): string | undefined {
  const key = PERMISSIONS[permission];
  return key ? t(key) : undefined;
}

export function permissionGroupText(t: Translate, prefix: string): string {
  const key = GROUPS[prefix];
  return key ? t(key) : prefix;
}
