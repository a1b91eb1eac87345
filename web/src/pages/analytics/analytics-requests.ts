// The analytics pages' requests, on any ApiClient: the pages pass the app's, the e2e test one of its own.
import type { ApiClient } from '../../api/client.js';
import type { Heatmap, PersonReport, RecommendationRequest, RecommendationResult, SiteForecast, SiteReport, SpaceForecast, SpaceReport, UserPage } from '../../api/types.js';
import { trendBuckets, type BucketSize, type Period } from './period.js';

export type ReportScope = 'site' | 'space';
export type Usage = SiteReport['total'];
export type ReportFormat = 'csv' | 'pdf';

const segment: Record<ReportScope, string> = { site: 'sites', space: 'spaces' };

export function reportPath(scope: ReportScope, id: string): string {
  return `/analytics/reports/${segment[scope]}/${encodeURIComponent(id)}`;
}

export function personReportPath(userId: string): string {
  return `/analytics/reports/people/${encodeURIComponent(userId)}`;
}

export function loadReport(client: ApiClient, scope: 'site', id: string, period: Period, signal?: AbortSignal): Promise<SiteReport>;
export function loadReport(client: ApiClient, scope: 'space', id: string, period: Period, signal?: AbortSignal): Promise<SpaceReport>;
export function loadReport(client: ApiClient, scope: ReportScope, id: string, period: Period, signal?: AbortSignal): Promise<SiteReport | SpaceReport>;
export function loadReport(client: ApiClient, scope: ReportScope, id: string, period: Period, signal?: AbortSignal): Promise<SiteReport | SpaceReport> {
  return client.get(reportPath(scope, id), { query: { ...period }, signal });
}

/** The usage figures of a site or space report. */
export function usageOf(report: SiteReport | SpaceReport): Usage {
  return report.report === 'site' ? report.total : report.space.usage;
}

export function loadPersonReport(client: ApiClient, userId: string, period: Period, signal?: AbortSignal): Promise<PersonReport> {
  return client.get(personReportPath(userId), { query: { ...period }, signal });
}

export function loadHeatmap(client: ApiClient, scope: ReportScope, id: string, period: Period, signal?: AbortSignal): Promise<Heatmap> {
  return client.get(`/analytics/heatmaps/${segment[scope]}/${encodeURIComponent(id)}`, { query: { ...period }, signal });
}

export function loadForecast(client: ApiClient, scope: ReportScope, id: string, signal?: AbortSignal): Promise<SpaceForecast | SiteForecast> {
  return client.get(`/analytics/forecasts/${segment[scope]}/${encodeURIComponent(id)}`, { query: { weeks: 4 }, signal });
}

export interface TrendPoint extends Period {
  utilisationPercent: number | null;
  bookedMinutes: number;
  availableMinutes: number;
}

/**
 * Utilisation over time. The reports give one total per period, so the period is cut into days,
 * weeks or months and each is asked for (a few at a time).
 */
export async function loadTrend(client: ApiClient, scope: ReportScope, id: string, period: Period, signal?: AbortSignal): Promise<{ size: BucketSize; points: TrendPoint[] }> {
  const { size, buckets } = trendBuckets(period);
  const points: TrendPoint[] = new Array(buckets.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < buckets.length; i = next++) {
      const usage = usageOf(await loadReport(client, scope, id, buckets[i]!, signal));
      points[i] = { ...buckets[i]!, utilisationPercent: usage.utilisationPercent, bookedMinutes: usage.bookedMinutes, availableMinutes: usage.availableMinutes };
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, buckets.length) }, worker));
  return { size, points };
}

/** A report as a CSV or PDF file (the download buttons). */
export function downloadReport(client: ApiClient, path: string, period: Period, format: ReportFormat): Promise<{ blob: Blob; filename: string }> {
  return client.download(path, { query: { ...period, format } });
}

export function findPeople(client: ApiClient, q: string, signal?: AbortSignal): Promise<UserPage> {
  return client.get('/users', { query: { q, limit: 20 }, signal });
}

/** Ranked free slots for a wished meeting; the reasons come back in `locale`. */
export function recommend(client: ApiClient, wish: RecommendationRequest, locale: string): Promise<RecommendationResult> {
  return client.post('/recommendations', { ...wish, locale }, { headers: { 'Accept-Language': locale } });
}
