import { z } from 'zod';
import { MAX_FORECAST_WEEKS, MAX_SPACES_DETAILED, type SiteForecast, type SpaceForecast } from '../../analytics/application/forecasts.js';
import type { RecommendationResult } from '../../analytics/application/recommendations.js';
import { HEATMAP_FORMATS, REPORT_FORMATS } from '../../analytics/application/reports-export.js';
import { MAX_REPORT_DAYS, periodProblem, type PersonReport, type SiteReport, type SpaceReport } from '../../analytics/domain/report.js';
import type { Heatmap } from '../../analytics/domain/report-heatmap.js';
import { BookingStatus } from './bookings.contracts.js';
import { Instant, UserId, Uuid } from './common.contracts.js';
import { named } from './schema-registry.js';

/** Analytics contracts: reports and heatmaps (this part), recommendations and forecasts (added below by their module). */

const PeriodBound = z.union([z.iso.date(), Instant], { error: 'expected a date (yyyy-mm-dd) or an ISO-8601 instant with an offset' });

const periodFields = {
  from: PeriodBound.describe('Start of the period (included): a local date (midnight in the site’s time zone) or an instant.'),
  to: PeriodBound.describe(`End of the period (excluded), of the same kind as \`from\`; at most ${MAX_REPORT_DAYS} days after it.`),
};

function validPeriod(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
  const problem = periodProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
}

export const ReportQuery = z
  .strictObject({
    ...periodFields,
    format: z
      .enum(REPORT_FORMATS)
      .optional()
      .describe('`csv` (text/csv, RFC 4180) or `pdf` (application/pdf, A4) download the report; without it the Accept header chooses (JSON by default).'),
  })
  .superRefine(validPeriod);
export type ReportQuery = z.output<typeof ReportQuery>;

export const HeatmapQuery = z
  .strictObject({
    ...periodFields,
    format: z.enum(HEATMAP_FORMATS).optional().describe('`svg` (image/svg+xml) or `png` (image/png) chart; without it the Accept header chooses (JSON by default).'),
  })
  .superRefine(validPeriod);
export type HeatmapQuery = z.output<typeof HeatmapQuery>;

export const AnalyticsSpaceParams = z.strictObject({ spaceId: Uuid });
export const AnalyticsSiteParams = z.strictObject({ siteId: Uuid });
export const AnalyticsPersonParams = z.strictObject({ userId: UserId });

const Percent = z.number().nullable();
const Minutes = z.number().nonnegative();
const Count = z.int().nonnegative();

const ReportPeriod = named('ReportPeriod', z.object({ from: z.string(), to: z.string() }), 'Half-open [from, to), as asked: local dates or instants.');

const PersonRef = named(
  'PersonRef',
  z.object({ userId: z.string(), name: z.string().nullable() }),
  'A person: the display name only for callers holding users.read everywhere, `erased` once the account is gone, otherwise null.',
);

const personUsageFields = {
  bookings: Count.describe('Bookings starting in the period that got a slot (confirmed or pending approval at some point).'),
  cancelled: Count,
  noShows: Count,
  checkedIn: Count,
  bookedMinutes: Minutes.describe('Minutes held by bookings not cancelled (without turnover buffers).'),
  checkedInMinutes: Minutes,
  cancellationRatePercent: Percent.describe('100 × cancelled / bookings; null without bookings.'),
  noShowRatePercent: Percent.describe('100 × noShows / (bookings − cancelled).'),
};

const UsageSummary = named(
  'UsageSummary',
  z.object({
    ...personUsageFields,
    bookedMinutes: Minutes.describe('Minutes of the period held by bookings not cancelled (without turnover buffers).'),
    availableMinutes: Minutes.describe('Open minutes in the period: opening hours minus blackouts.'),
    utilisationPercent: Percent.describe('100 × booked / available, two decimals; null when nothing was available.'),
    checkedInPercent: Percent.describe('100 × checked-in / available.'),
  }),
);
const PersonUsage = named('PersonUsage', z.object(personUsageFields));

const spaceRefFields = { spaceId: z.string(), spaceName: z.string(), siteId: z.string() };

const BookingLine = named(
  'ReportBookingLine',
  z.object({
    ...spaceRefFields,
    bookingId: z.string(),
    booker: PersonRef,
    start: Instant,
    end: Instant,
    localStart: z.string().describe('yyyy-mm-ddTHH:mm in the site’s time zone.'),
    timeZone: z.string(),
    status: BookingStatus,
    checkedIn: z.boolean(),
    checkedInAt: Instant.nullable(),
    cancelledAt: Instant.nullable(),
    lateCancellation: z.boolean(),
    durationMinutes: Minutes,
    checkedInMinutes: Minutes,
  }),
);

const SpaceUsage = named('SpaceUsage', z.object({ ...spaceRefFields, kind: z.string(), retired: z.boolean(), usage: UsageSummary }));

const header = { period: ReportPeriod, generatedAt: Instant };

export const SpaceReportBody = named(
  'SpaceReport',
  z.object({ report: z.literal('space'), ...header, space: SpaceUsage.extend({ timeZone: z.string() }), bookings: z.array(BookingLine) }),
  'Who used or planned the space and when (bookings starting in the period, by start), and how much of its open time that filled.',
) satisfies z.ZodType<SpaceReport>;

export const SiteReportBody = named(
  'SiteReport',
  z.object({
    report: z.literal('site'),
    ...header,
    site: z.object({ siteId: z.string(), name: z.string(), timeZone: z.string() }),
    spaces: z.array(SpaceUsage),
    total: UsageSummary.describe('The sum of the spaces, rates worked out from the sums.'),
  }),
  'Every space of the site (retired ones too), by name, and the site total.',
) satisfies z.ZodType<SiteReport>;

export const PersonReportBody = named(
  'PersonReport',
  z.object({
    report: z.literal('person'),
    ...header,
    person: PersonRef,
    sites: z.array(z.string()).nullable().describe('The sites covered when you hold analytics.read on some sites only; null: every site.'),
    bookings: z.array(BookingLine),
    spaces: z.array(z.object({ ...spaceRefFields, usage: PersonUsage })),
    total: PersonUsage,
  }),
  'What the person booked, cancelled and missed, per space and in total.',
) satisfies z.ZodType<PersonReport>;

export const HeatmapBody = named(
  'OccupancyHeatmap',
  z.object({
    scope: z.enum(['space', 'site']),
    subject: z.object({ id: z.string(), name: z.string(), siteId: z.string(), timeZone: z.string(), spaces: Count }),
    ...header,
    cells: z
      .array(
        z.object({
          isoWeekday: z.int().min(1).max(7),
          hour: z.int().min(0).max(23),
          sharePercent: Percent.describe('100 × booked / available minutes; null when the hour was never open.'),
          bookedMinutes: Minutes,
          checkedInMinutes: Minutes,
          availableMinutes: Minutes,
          openOccurrences: Count,
          busyOccurrences: Count,
        }),
      )
      .length(168)
      .describe('Monday 00 … Sunday 23, local time of the site.'),
  }),
  'Share of open time booked per ISO weekday and local hour.',
) satisfies z.ZodType<Heatmap>;

// ── Recommendations and forecasts ────────────────────────────────────────────────────────────

/** Longest run of days a recommendation searches. */
export const MAX_RECOMMENDATION_DAYS = 28;
const LocalTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { error: 'expected a local time HH:MM (00:00–24:00)' });
const LocalDay = z.iso.date({ error: 'expected a local date yyyy-mm-dd' });
const Share = z.number().min(0).max(1);
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

export const RecommendationRequestBody = named(
  'RecommendationRequest',
  z
    .strictObject({
      durationMinutes: z.int().min(1).max(1440).describe('How long the booking lasts.'),
      participants: z.int().min(1).max(100_000),
      amenities: z.array(z.string().trim().min(1).max(60)).max(20).default([]).describe('The space must have every one (e.g. `projector`).'),
      resources: z
        .array(z.strictObject({ resourceId: Uuid, quantity: z.int().min(1).max(100_000) }))
        .max(10)
        .default([])
        .refine((lines) => new Set(lines.map((l) => l.resourceId)).size === lines.length, { error: 'list each resource once' })
        .describe('Pooled resources (of one site) that must be free in the same slot, with how many of each.'),
      siteId: Uuid.optional(),
      city: z.string().trim().min(1).max(100).optional(),
      earliestDay: LocalDay.optional().describe('First local day searched (each site’s own calendar); default today.'),
      latestDay: LocalDay.optional().describe(`Last local day searched (included); default 13 days after earliestDay; at most ${MAX_RECOMMENDATION_DAYS} days in all.`),
      preferredHours: z
        .strictObject({ from: LocalTime, to: LocalTime })
        .refine((h) => h.to > h.from, { path: ['to'], error: 'to must be after from' })
        .optional()
        .describe('Local hours the slot must lie within (start at or after `from`, end by `to`).'),
      limit: z.int().min(1).max(20).default(5),
      locale: z.string().trim().min(2).max(35).optional().describe('Language of the reasons (en, pt, ru); default the Accept-Language header, then English.'),
    })
    .superRefine((value, ctx) => {
      if (value.earliestDay === undefined || value.latestDay === undefined) return;
      const days = dayNumber(value.latestDay) - dayNumber(value.earliestDay) + 1;
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['latestDay'], message: 'latestDay must not be before earliestDay' });
      else if (days > MAX_RECOMMENDATION_DAYS) ctx.addIssue({ code: 'custom', path: ['latestDay'], message: `the search may span at most ${MAX_RECOMMENDATION_DAYS} days` });
    }),
);
export type RecommendationRequestBody = z.output<typeof RecommendationRequestBody>;

const ResourceWish = z.object({ resourceId: Uuid, quantity: z.int().min(1) });

export const RecommendationResultBody = named(
  'RecommendationResult',
  z.object({
    generatedAt: Instant,
    historyWeeks: Count.describe('Weeks of history the ranking learns from.'),
    spaces: z
      .object({ matching: Count, searched: Count, truncated: z.boolean() })
      .describe('Spaces matching capacity, amenities and place; how many of them (the smallest whose policy allows the duration) were searched; whether some were left out.'),
    recommendations: z
      .array(
        z.object({
          spaceId: Uuid,
          spaceName: z.string(),
          siteId: Uuid,
          timeZone: z.string(),
          start: Instant,
          end: Instant,
          localStart: z.string().describe('yyyy-mm-ddTHH:mm on the site’s wall clock.'),
          localEnd: z.string(),
          score: Share.describe('How likely the slot is to stay uncontested: 1 − contention (0.5 without history).'),
          contention: Share.nullable().describe('Share booked of the slot’s weekday and hours over the history, the hour either side at half weight.'),
          historicalShare: Share.nullable().describe('Share booked of the slot’s own weekday and hours over the history.'),
          historyWeeks: Count,
          reason: z.string().describe('Why, in words (e.g. "Fridays 14:00–16:00 are usually free (12% booked over the last 12 weeks)").'),
          approvalRequired: z.boolean(),
          booking: z
            .object({ spaceId: Uuid, start: Instant, end: Instant, participants: z.int(), resources: z.array(ResourceWish) })
            .describe('The body of POST /api/v1/bookings that books the slot (add a purpose).'),
        }),
      )
      .describe('Best first: higher score, then earlier, then the smaller space. Slots of one space never overlap.'),
    insights: z
      .array(z.object({ kind: z.enum(['busy', 'quiet']), isoWeekday: z.int().min(1).max(7), part: z.enum(['morning', 'afternoon', 'evening']), share: Share, text: z.string() }))
      .describe('The busiest and the quietest parts of the week over the spaces searched (e.g. "Monday mornings are 90% booked").'),
  }),
  'Free slots for a wish, ranked by how uncontested their weekday and hours have been.',
) satisfies z.ZodType<RecommendationResult>;

export const ForecastQuery = z.strictObject({
  weeks: z.coerce.number<string>().int().min(1).max(MAX_FORECAST_WEEKS).default(4).describe(`Weeks ahead to forecast, from today (1–${MAX_FORECAST_WEEKS}).`),
});

const Confidence = z
  .object({ level: z.enum(['low', 'normal']), historyWeeks: Count, reasons: z.array(z.string()) })
  .describe('Low when the history is short or the error could not be measured; the reasons say why.');
const DayForecastBody = z.object({
  date: LocalDay,
  isoWeekday: z.int().min(1).max(7),
  openMinutes: Minutes,
  predictedBookedMinutes: Minutes.nullable(),
  predictedShare: Share.nullable().describe('Predicted booked / open minutes; null when the history covers none of the day’s open hours.'),
});
const errorFields = {
  maePp: z.number().nonnegative().nullable().describe('Mean absolute error of hourly shares, in percentage points.'),
  dailyMaePp: z.number().nonnegative().nullable().describe('Mean absolute error of daily shares, in percentage points.'),
  wape: z.number().nonnegative().nullable().describe('Σ |predicted − booked minutes| / Σ booked minutes; null when nothing was booked.'),
};
const forecastFields = {
  generatedAt: Instant,
  horizon: z.object({ from: LocalDay, to: LocalDay, weeks: z.int() }).describe('Local days [from, to) forecast.'),
  model: z.object({
    method: z.literal('seasonal-ewma').describe('Exponentially weighted average of the same weekday and hour over past weeks.'),
    alpha: z.number(),
    lookbackWeeks: z.int(),
    backtestWeeks: z.int(),
    history: z.object({ from: LocalDay, to: LocalDay }).describe('Complete local weeks of history read.'),
  }),
  confidence: Confidence,
  days: z.array(DayForecastBody),
  profile: z
    .array(z.object({ isoWeekday: z.int().min(1).max(7), hour: z.int().min(0).max(23), predictedShare: Share.nullable() }))
    .length(168)
    .describe('Predicted share per weekday and local hour, Monday 00 first.'),
  backtest: z
    .object({ weeks: z.array(z.object({ weekStart: LocalDay, cells: Count, days: Count, ...errorFields, maePp: z.number().nonnegative(), dailyMaePp: z.number().nonnegative() })), ...errorFields })
    .describe('Each of the last weeks forecast from the weeks before it and compared with what happened; the errors pool every week tested.'),
};

export const SpaceForecastBody = named(
  'SpaceForecast',
  z.object({ ...forecastFields, space: z.object({ spaceId: Uuid, name: z.string(), siteId: Uuid, timeZone: z.string() }) }),
  'Predicted occupancy of a space per day for the coming weeks, with the error of past forecasts.',
) satisfies z.ZodType<SpaceForecast>;

export const SiteForecastBody = named(
  'SiteForecast',
  z.object({
    ...forecastFields,
    site: z.object({ siteId: Uuid, name: z.string(), timeZone: z.string(), spaces: Count }),
    spaces: z
      .array(z.object({ spaceId: Uuid, name: z.string(), confidence: Confidence, days: z.array(DayForecastBody), backtest: z.object(errorFields) }))
      .nullable()
      .describe(`Each space's days and error; null when the site has more than ${MAX_SPACES_DETAILED} spaces.`),
  }),
  'Predicted occupancy of a site (all its spaces together) per day, and of each space, with the error of past forecasts.',
) satisfies z.ZodType<SiteForecast>;
