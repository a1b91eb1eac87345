/**
 * The permission catalogue and the built-in roles. Code checks permissions, never role
 * names; a role is only a named set of permissions. Admins add custom roles at run time
 * (stream `role-<name>`); the built-in ones below cannot be changed or deleted.
 */
export const PERMISSIONS = {
  catalogRead: 'catalog.read',
  catalogManage: 'catalog.manage',
  blackoutManage: 'blackout.manage',
  bookingCreate: 'booking.create',
  /** Book on behalf of another person. */
  bookingCreateForOthers: 'booking.create.others',
  bookingReadOwn: 'booking.read.own',
  bookingReadAny: 'booking.read.any',
  bookingChangeOwn: 'booking.change.own',
  bookingChangeAny: 'booking.change.any',
  bookingCancelOwn: 'booking.cancel.own',
  /** Cancel anyone's booking, also past the change deadline. */
  bookingCancelAny: 'booking.cancel.any',
  bookingApprove: 'booking.approve',
  bookingCheckIn: 'booking.checkin',
  /** Mark completed / no-show, check others in. */
  bookingAttendanceManage: 'booking.attendance.manage',
  historyRead: 'history.read',
  auditRead: 'audit.read',
  analyticsRead: 'analytics.read',
  /** Search and read other people's accounts. */
  usersRead: 'users.read',
  /** Grant and revoke roles, erase accounts, reset others' two-factor. */
  usersManage: 'users.manage',
  /** Create, change and delete custom roles. */
  rolesManage: 'roles.manage',
  /** See email and push deliveries that failed for good (whose, why). */
  notificationsManage: 'notifications.manage',
} as const;

export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
export const ALL_PERMISSIONS: readonly Permission[] = Object.values(PERMISSIONS);

const P = PERMISSIONS;
const ownBooking: Permission[] = [P.catalogRead, P.bookingCreate, P.bookingReadOwn, P.bookingChangeOwn, P.bookingCancelOwn, P.bookingCheckIn];

export const BUILT_IN_ROLES: Record<string, readonly Permission[]> = {
  admin: ALL_PERMISSIONS,
  staff: [...ownBooking, P.catalogManage, P.blackoutManage, P.bookingCreateForOthers, P.bookingReadAny, P.bookingChangeAny, P.bookingCancelAny, P.bookingApprove, P.bookingAttendanceManage, P.historyRead],
  manager: [...ownBooking, P.bookingReadAny, P.bookingCancelAny, P.bookingApprove, P.bookingAttendanceManage, P.historyRead],
  hotelier: [...ownBooking, P.catalogManage, P.blackoutManage, P.bookingReadAny, P.bookingCancelAny, P.bookingApprove, P.bookingAttendanceManage],
  booker: ownBooking,
  client: ownBooking,
  guest: ownBooking,
  viewer: [P.catalogRead, P.bookingReadOwn],
  auditor: [P.catalogRead, P.bookingReadAny, P.historyRead, P.auditRead, P.usersRead],
  analyst: [P.catalogRead, P.analyticsRead],
};

/** Roles that only make sense on particular sites: they must be granted with site ids. */
export const SITE_SCOPED_ROLES: ReadonlySet<string> = new Set(['hotelier']);

export function isBuiltInRole(role: string): boolean {
  return Object.hasOwn(BUILT_IN_ROLES, role);
}

export function isPermission(value: string): value is Permission {
  return (ALL_PERMISSIONS as readonly string[]).includes(value);
}

export function permissionsOfRoles(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) if (isBuiltInRole(r)) for (const p of BUILT_IN_ROLES[r]!) out.add(p);
  return out;
}
