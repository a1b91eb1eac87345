import type { Forecasts } from '../../analytics/application/forecasts.js';
import type { Recommendations } from '../../analytics/application/recommendations.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import {
  AnalyticsSiteParams,
  AnalyticsSpaceParams,
  ForecastQuery,
  RecommendationRequestBody,
  RecommendationResultBody,
  SiteForecastBody,
  SpaceForecastBody,
} from '../contracts/analytics.contracts.js';
import { API_PREFIX } from './route-deps.js';

/** Recommendations for bookers and forecasts for analysts. */
export interface AnalyticsInsights {
  recommendations: Recommendations;
  forecasts: Forecasts;
}

const FORECASTS = `${API_PREFIX}/analytics/forecasts`;

/** The first language of an Accept-Language header (`pt-PT,pt;q=0.9,en;q=0.8` → `pt-PT`). */
function acceptedLocale(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  return first && first !== '*' ? first : undefined;
}

export function analyticsInsightRoutes({ recommendations, forecasts }: AnalyticsInsights): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/recommendations`,
      operationId: 'recommendSlots',
      summary: 'Suggest the best free slots for a wish (duration, participants, equipment), ranked by how uncontested they usually are',
      description:
        'Searches the spaces that fit (capacity, amenities, pooled resources, opening hours, policy limits) on the sites where you may book, ' +
        'over the coming days (default 14), and ranks their free slots by 1 − the share booked of the same weekday and hours over the last 12 weeks. ' +
        'Each suggestion says why, in `locale` or the Accept-Language language (English, Portuguese or Russian). Nothing is booked or stored.',
      tags: ['recommendations'],
      access: [P.bookingCreate],
      scope: 'site',
      idempotent: false,
      body: RecommendationRequestBody,
      success: { status: 200, description: 'The best slots, best first, and the busiest and quietest parts of the week.', schema: RecommendationResultBody },
      errors: [403, 422],
      handle: async ({ body, req, ctx }) => ({
        body: await recommendations.recommend({ ...body, locale: body.locale ?? acceptedLocale(req.get('Accept-Language')) }, ctx),
      }),
    }),
    defineRoute({
      method: 'get',
      path: `${FORECASTS}/spaces/{spaceId}`,
      operationId: 'getSpaceForecast',
      summary: 'Forecast a space’s occupancy per day for the coming weeks, with the error of past forecasts',
      description:
        'Seasonal by weekday and local hour: an exponentially weighted average over the last 12 complete weeks. The backtest forecasts each of the last 4 weeks ' +
        'from the weeks before it and reports the error (MAE in percentage points, WAPE). With little history, `confidence.level` is `low` and says why.',
      tags: ['analytics'],
      access: [P.analyticsRead],
      scope: 'site',
      params: AnalyticsSpaceParams,
      query: ForecastQuery,
      success: { status: 200, description: 'The forecast, its weekday × hour profile and its backtest.', schema: SpaceForecastBody },
      errors: [403, 404],
      handle: async ({ params, query, ctx }) => ({ body: await forecasts.forSpace(params.spaceId, query.weeks, ctx) }),
    }),
    defineRoute({
      method: 'get',
      path: `${FORECASTS}/sites/{siteId}`,
      operationId: 'getSiteForecast',
      summary: 'Forecast a site’s occupancy (all its spaces, and each space) per day for the coming weeks, with the error of past forecasts',
      tags: ['analytics'],
      access: [P.analyticsRead],
      scope: 'site',
      params: AnalyticsSiteParams,
      query: ForecastQuery,
      success: { status: 200, description: 'The site forecast, per-space days and the backtest.', schema: SiteForecastBody },
      errors: [403, 404],
      handle: async ({ params, query, ctx }) => ({ body: await forecasts.forSite(params.siteId, query.weeks, ctx) }),
    }),
  ];
}
