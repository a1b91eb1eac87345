/**
 * The permission catalogue and the built-in roles. Code checks permissions, never role
 * names; a role is only a named set of permissions (custom roles arrive with identity).
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
  usersManage: 'users.manage',
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
  auditor: [P.catalogRead, P.bookingReadAny, P.historyRead, P.auditRead],
  analyst: [P.catalogRead, P.analyticsRead],
};

export function permissionsOfRoles(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const r of roles) for (const p of BUILT_IN_ROLES[r] ?? []) out.add(p);
  return out;
}
