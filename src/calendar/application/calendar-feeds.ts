import { PERMISSIONS } from '../../identity/domain/permissions.js';
import { hasPermission, holdsAnywhere, requirePermission, sitesWith } from '../../shared/application/authorize.js';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { buildPersonFeed, buildSpaceFeed } from '../domain/ics-feed.js';
import type { CalendarFeedReader, FeedOwnerAccess, FeedScope, FeedSubscription, FeedTokenIssuer, FeedTokenStore, SpaceSites } from './calendar-feed-ports.js';

/** How far back feeds reach; everything ahead is included up to FEED_LIMIT. */
export const FEED_HISTORY_DAYS = 90;
/** Most events in one feed (per kind): a calendar client chokes long before a room fills this. */
export const FEED_LIMIT = 2000;
/** Path of a feed; the token is the whole credential. */
export const feedPath = (token: string): string => `/api/v1/calendar/feeds/${token}.ics`;

export interface CalendarFeedsDeps {
  tokens: FeedTokenStore;
  issuer: FeedTokenIssuer;
  reader: CalendarFeedReader;
  spaces: SpaceSites;
  owners: FeedOwnerAccess;
  /** Origin the URLs are built on (PUBLIC_URL). */
  publicUrl: string;
}

/** A rendered feed, or nothing for a token that opens no feed (unknown, revoked, owner erased or no longer allowed). */
export type RenderedFeed = { ics: string } | null;

/**
 * Secret ICS feed URLs: a person's own bookings (permission booking.read.own) and a space's
 * calendar (catalog.read, everywhere or on the space's site). A feed is one URL per person and
 * scope; issuing it again replaces the secret, so the old URL stops working. The owner's
 * permissions are checked again on every fetch.
 */
export class CalendarFeeds {
  constructor(private readonly deps: CalendarFeedsDeps) {}

  async issue(ctx: CommandContext, scope: FeedScope): Promise<{ url: string; subscription: FeedSubscription }> {
    await this.authorize(ctx, scope);
    const { token, hash } = this.deps.issuer.issue();
    await this.deps.tokens.replace(ctx.actor.id, scope, hash, ctx.now);
    return { url: `${this.deps.publicUrl}${feedPath(token)}`, subscription: { ownerId: ctx.actor.id, scope, createdAt: ctx.now.toISOString() } };
  }

  /** The caller's own feed of `scope` (whether one exists and since when), never its secret. */
  find(ctx: CommandContext, scope: FeedScope): Promise<FeedSubscription | null> {
    return this.deps.tokens.get(ctx.actor.id, scope);
  }

  /** Revoking needs no permission: a person may always switch off their own feed. */
  async revoke(ctx: CommandContext, scope: FeedScope): Promise<void> {
    if (!(await this.deps.tokens.revoke(ctx.actor.id, scope))) throw new NotFoundError('calendar feed', scope.kind === 'person' ? 'me' : scope.spaceId);
  }

  async render(token: string, now: Date): Promise<RenderedFeed> {
    const hash = this.deps.issuer.hashOf(token);
    if (hash === null) return null;
    const subscription = await this.deps.tokens.find(hash);
    if (subscription === null) return null;
    const access = await this.deps.owners.resolve(subscription.ownerId);
    if (access === null) return null;
    const from = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
    const { scope } = subscription;
    if (scope.kind === 'person') {
      if (!holdsAnywhere(access, PERMISSIONS.bookingReadOwn)) return null;
      const bookings = await this.deps.reader.personBookings(subscription.ownerId, sitesWith(access, PERMISSIONS.bookingReadOwn), from, FEED_LIMIT);
      return { ics: buildPersonFeed({ calendarName: 'Reserva: my bookings', bookings }) };
    }
    const siteId = await this.deps.spaces.siteOf(scope.spaceId);
    if (siteId === null || !hasPermission(access, PERMISSIONS.catalogRead, siteId)) return null;
    const calendar = await this.deps.reader.spaceCalendar(scope.spaceId, from, FEED_LIMIT);
    const name = [calendar.place.spaceName, calendar.place.siteName].filter((n) => n !== null).join(', ');
    return { ics: buildSpaceFeed({ ...calendar, calendarName: `Reserva: ${name === '' ? 'space' : name}` }) };
  }

  private async authorize(ctx: CommandContext, scope: FeedScope): Promise<void> {
    if (scope.kind === 'person') {
      if (!holdsAnywhere(ctx, PERMISSIONS.bookingReadOwn)) throw new ForbiddenError(PERMISSIONS.bookingReadOwn);
      return;
    }
    const siteId = await this.deps.spaces.siteOf(scope.spaceId);
    if (siteId === null) throw new NotFoundError('space', scope.spaceId);
    requirePermission(ctx, PERMISSIONS.catalogRead, siteId);
  }
}
