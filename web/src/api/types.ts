// The client's view of the API: the server's own zod contracts, imported for their types only
// (erased at build time), so a contract change breaks the client's typecheck instead of a page.
import type { z } from 'zod';
import type * as C from '../../../src/http/contracts/index.js';
import type * as N from '../../../src/http/contracts/notifications.contracts.js';
import type * as Cal from '../../../src/http/contracts/calendar.contracts.js';
import type * as G from '../../../src/http/contracts/google-calendar.contracts.js';
import type * as A from '../../../src/http/contracts/analytics.contracts.js';
import type * as Au from '../../../src/http/contracts/audit.contracts.js';
import type * as H from '../../../src/http/contracts/booking-history.contracts.js';
import type * as D from '../../../src/http/contracts/notification-delivery.contracts.js';

export type Problem = z.infer<typeof C.Problem>;
export type ConflictingInterval = Problem extends { conflicts?: Array<infer I> } ? I : never;
/** What a create or a change of a catalogue entity answers. */
export type EntityRevision = z.infer<typeof C.EntityRevision>;

export type Site = z.infer<typeof C.Site>;
export type SiteKind = Site['kind'];
export type SitePage = z.infer<typeof C.SitePage>;
export type RegisterSiteRequest = z.input<typeof C.RegisterSiteRequest>;
export type UpdateSiteRequest = z.input<typeof C.UpdateSiteRequest>;
export type Space = z.infer<typeof C.Space>;
export type SpaceKind = Space['kind'];
export type SpacePage = z.infer<typeof C.SpacePage>;
export type CreateSpaceRequest = z.input<typeof C.CreateSpaceRequest>;
export type UpdateSpaceRequest = z.input<typeof C.UpdateSpaceRequest>;
export type BookingPolicy = z.infer<typeof C.BookingPolicy>;
export type OpeningWindow = z.infer<typeof C.OpeningWindow>;
export type SpaceAvailability = z.infer<typeof C.SpaceAvailability>;
export type Resource = z.infer<typeof C.Resource>;
export type ResourceCategory = Resource['category'];
export type ResourcePage = z.infer<typeof C.ResourcePage>;
export type CreateResourceRequest = z.input<typeof C.CreateResourceRequest>;
export type UpdateResourceRequest = z.input<typeof C.UpdateResourceRequest>;
export type Blackout = z.infer<typeof C.Blackout>;
export type BlackoutStatus = Blackout['status'];
export type BlackoutPage = z.infer<typeof C.BlackoutPage>;
export type DeclareBlackoutRequest = z.input<typeof C.DeclareBlackoutRequest>;

export type Booking = z.infer<typeof C.Booking>;
export type BookingDetails = z.infer<typeof C.BookingDetails>;
export type BookingPage = z.infer<typeof C.BookingPage>;
export type BookingStatus = z.infer<typeof C.BookingStatus>;
export type BookingHistory = z.infer<typeof C.BookingHistory>;
export type RequestBookingRequest = z.input<typeof C.RequestBookingRequest>;
export type ChangeBookingRequest = z.input<typeof C.ChangeBookingRequest>;
export type BookingPreview = z.infer<typeof C.BookingPreview>;
export type BookingChangePage = z.infer<typeof H.BookingChangePage>;
export type BookingChange = BookingChangePage['items'][number];

export type TokenPair = z.infer<typeof C.TokenPair>;
export type Profile = z.infer<typeof C.Profile>;
export type ProfileChange = z.input<typeof C.ProfileChange>;
export type RoleGrant = z.infer<typeof C.RoleGrant>;
export type UserSummary = z.infer<typeof C.UserSummary>;
export type UserPage = z.infer<typeof C.UserPage>;
export type RoleDefinition = z.infer<typeof C.RoleDefinition>;
export type RoleList = z.infer<typeof C.RoleList>;
export type NewRoleRequest = z.input<typeof C.NewRoleRequest>;
export type RoleChangeRequest = z.input<typeof C.RoleChangeRequest>;
export type GrantRoleRequest = z.input<typeof C.GrantRoleRequest>;
export type PermissionList = z.infer<typeof C.PermissionList>;
export type IdentityHistory = z.infer<typeof C.IdentityHistory>;
export type IdentityHistoryEntry = IdentityHistory['entries'][number];
export type TwoFactorSetup = z.infer<typeof C.TwoFactorSetup>;
export type RecoveryCodes = z.infer<typeof C.RecoveryCodes>;
export type RegisteredAccount = z.infer<typeof C.RegisteredAccount>;

export type Notification = z.infer<typeof N.Notification>;
export type NotificationKind = z.infer<typeof N.NotificationKind>;
export type NotificationChannel = z.infer<typeof N.NotificationChannel>;
export type NotificationData = z.infer<typeof N.NotificationData>;
export type NotificationPage = z.infer<typeof N.NotificationPage>;
export type NotificationPreferencesView = z.infer<typeof N.NotificationPreferencesView>;
export type NotificationPreferencesChange = z.input<typeof N.NotificationPreferencesChange>;
export type UnreadCount = z.infer<typeof N.UnreadCount>;
export type MarkedRead = z.infer<typeof N.MarkedRead>;
export type PushPublicKey = z.infer<typeof D.PushPublicKey>;
export type PushSubscriptionRequest = z.input<typeof D.PushSubscriptionRequest>;
export type FailedDeliveryPage = z.infer<typeof D.FailedDeliveryPage>;

export type CalendarFeedUrl = z.infer<typeof Cal.CalendarFeedUrl>;
export type CalendarFeedStatus = z.infer<typeof Cal.CalendarFeedStatus>;
export type GoogleConnectionStatus = z.infer<typeof G.GoogleConnectionStatus>;
export type GoogleAuthorization = z.infer<typeof G.GoogleAuthorization>;
export type GoogleDisconnection = z.infer<typeof G.GoogleDisconnection>;
export type GoogleBookingSyncStatus = z.infer<typeof G.GoogleBookingSyncStatus>;

export type SpaceReport = z.infer<typeof A.SpaceReportBody>;
export type SiteReport = z.infer<typeof A.SiteReportBody>;
export type PersonReport = z.infer<typeof A.PersonReportBody>;
export type Heatmap = z.infer<typeof A.HeatmapBody>;
export type RecommendationRequest = z.input<typeof A.RecommendationRequestBody>;
export type RecommendationResult = z.infer<typeof A.RecommendationResultBody>;
export type SpaceForecast = z.infer<typeof A.SpaceForecastBody>;
export type SiteForecast = z.infer<typeof A.SiteForecastBody>;

export type AuditEntryPage = z.infer<typeof Au.AuditEntryPage>;
export type AuditEntry = AuditEntryPage['items'][number];
export type AuditVerification = z.infer<typeof Au.AuditVerification>;
export type BookingAsOf = z.infer<typeof Au.BookingAsOf>;
