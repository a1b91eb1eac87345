import express, { type Request, type RequestHandler, type Router } from 'express';
import type { z } from 'zod';
import type { ReportCaller, Reports } from '../../analytics/application/reports.js';
import { HEATMAP_FORMATS, MEDIA_TYPES, REPORT_FORMATS, exportHeatmap, exportReport, type ReportFile } from '../../analytics/application/reports-export.js';
import type { Report, ReportPeriod } from '../../analytics/domain/report.js';
import type { Heatmap } from '../../analytics/domain/report-heatmap.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { authenticate, type Authenticator } from '../auth/authenticator.js';
import { requirePermission } from '../auth/require-permission.js';
import {
  AnalyticsPersonParams,
  AnalyticsSiteParams,
  AnalyticsSpaceParams,
  HeatmapBody,
  HeatmapQuery,
  PersonReportBody,
  ReportQuery,
  SiteReportBody,
  SpaceReportBody,
} from '../contracts/analytics.contracts.js';
import { expressPath } from '../mount-route.js';
import { parseInput } from '../parse-input.js';
import { CONSISTENCY_HEADER } from '../request-context.js';
import { requestState } from '../request-state.js';
import { API_PREFIX } from './route-deps.js';

const tags = ['analytics'];
const REPORTS = `${API_PREFIX}/analytics/reports`;
const HEATMAPS = `${API_PREFIX}/analytics/heatmaps`;
const access = [P.analyticsRead] as const;
const ERRORS = [404] as const;

const periodOf = (q: { from: string; to: string }): ReportPeriod => ({ from: q.from, to: q.to });

/** One report or heatmap endpoint: path, contracts and the use case, shared by the JSON route and the downloads. */
interface Endpoint<T> {
  path: string;
  operationId: string;
  summary: string;
  params: z.ZodObject;
  /** `params` as its schema parsed them. */
  load(reports: Reports, params: Record<string, string>, period: ReportPeriod, caller: ReportCaller): Promise<T>;
}

const reportEndpoints: (Endpoint<Report> & { schema: z.ZodType })[] = [
  {
    path: `${REPORTS}/spaces/{spaceId}`,
    operationId: 'getSpaceReport',
    summary: 'Space report: who used or planned the space and when, utilisation, cancellation and no-show rates',
    params: AnalyticsSpaceParams,
    schema: SpaceReportBody,
    load: (reports, params, period, caller) => reports.spaceReport(params.spaceId!, period, caller),
  },
  {
    path: `${REPORTS}/sites/{siteId}`,
    operationId: 'getSiteReport',
    summary: 'Site report: the usage of every space of a site and the site total',
    params: AnalyticsSiteParams,
    schema: SiteReportBody,
    load: (reports, params, period, caller) => reports.siteReport(params.siteId!, period, caller),
  },
  {
    path: `${REPORTS}/people/{userId}`,
    operationId: 'getPersonReport',
    summary: 'Person report: what a person booked, cancelled and missed, per space and in total',
    params: AnalyticsPersonParams,
    schema: PersonReportBody,
    load: (reports, params, period, caller) => reports.personReport(params.userId!, period, caller),
  },
];

const heatmapEndpoints: Endpoint<Heatmap>[] = [
  {
    path: `${HEATMAPS}/spaces/{spaceId}`,
    operationId: 'getSpaceHeatmap',
    summary: 'Occupancy heatmap of a space: share of open time booked per weekday and hour',
    params: AnalyticsSpaceParams,
    load: (reports, params, period, caller) => reports.spaceHeatmap(params.spaceId!, period, caller),
  },
  {
    path: `${HEATMAPS}/sites/{siteId}`,
    operationId: 'getSiteHeatmap',
    summary: 'Occupancy heatmap of a site: share of open time booked per weekday and hour, over all its spaces',
    params: AnalyticsSiteParams,
    load: (reports, params, period, caller) => reports.siteHeatmap(params.siteId!, period, caller),
  },
];

const REPORT_DESCRIPTION =
  'Needs analytics.read everywhere or on the site concerned (a person report then covers those sites only). `format=csv|pdf` or `Accept: text/csv|application/pdf` download the same figures as CSV (RFC 4180, one record per booking, per space and the total) or as a printable A4 PDF. Names of people only for callers holding users.read.';
const HEATMAP_DESCRIPTION =
  'Needs analytics.read everywhere or on the site concerned. `format=svg|png` or `Accept: image/svg+xml|image/png` answer the chart instead of the data.';

/** The JSON side of the reports and heatmaps (documented in OpenAPI); the other formats are analyticsDownloads. */
export function analyticsReportRoutes(reports: Reports): AnyApiRoute[] {
  return [
    ...reportEndpoints.map((e) =>
      defineRoute({
        method: 'get',
        path: e.path,
        operationId: e.operationId,
        summary: e.summary,
        description: REPORT_DESCRIPTION,
        tags,
        access: [...access],
        scope: 'site',
        params: e.params,
        query: ReportQuery,
        success: { status: 200, description: 'The report.', schema: e.schema },
        errors: ERRORS,
        handle: async ({ params, query, ctx }) => ({ body: await e.load(reports, params as Record<string, string>, periodOf(query), ctx) }),
      }),
    ),
    ...heatmapEndpoints.map((e) =>
      defineRoute({
        method: 'get',
        path: e.path,
        operationId: e.operationId,
        summary: e.summary,
        description: HEATMAP_DESCRIPTION,
        tags,
        access: [...access],
        scope: 'site',
        params: e.params,
        query: HeatmapQuery,
        success: { status: 200, description: 'The heatmap: 168 cells.', schema: HeatmapBody },
        errors: ERRORS,
        handle: async ({ params, query, ctx }) => ({ body: await e.load(reports, params as Record<string, string>, periodOf(query), ctx) }),
      }),
    ),
  ];
}

/**
 * The format a download asks for: `format`, else the best match of Accept among the formats
 * (JSON when Accept is absent or `*\/*`); undefined leaves the request to the JSON route.
 */
function downloadFormat<F extends string>(req: Request, formats: readonly F[]): Exclude<F, 'json'> | undefined {
  const asked = req.query.format;
  if (asked !== undefined) return (formats as readonly unknown[]).includes(asked) && asked !== 'json' ? (asked as Exclude<F, 'json'>) : undefined;
  const best = req.accepts(formats.map((f) => MEDIA_TYPES[f as keyof typeof MEDIA_TYPES]));
  const format = formats.find((f) => MEDIA_TYPES[f as keyof typeof MEDIA_TYPES] === best);
  return format === undefined || format === 'json' ? undefined : (format as Exclude<F, 'json'>);
}

export interface AnalyticsDownloadDeps {
  authenticate: Authenticator;
  clock: () => Date;
  waitForProjection?: () => Promise<void>;
}

/**
 * CSV and PDF reports, SVG and PNG heatmaps: the route table answers JSON only, so these are
 * plain handlers in front of it, behind the same authentication, permission and input
 * contracts. Requests for JSON (or an unknown format, which the JSON route rejects) fall through.
 */
export function analyticsDownloads(reports: Reports, deps: AnalyticsDownloadDeps): Router {
  const router = express.Router();
  const guard = [authenticate(deps.authenticate), requirePermission([...access], 'site')];

  const mount = <F extends string, T>(
    endpoint: Endpoint<T>,
    formats: readonly F[],
    query: typeof ReportQuery | typeof HeatmapQuery,
    render: (value: T, format: Exclude<F, 'json'>) => ReportFile,
  ) => {
    const wanted: RequestHandler = (req, _res, next) => next(downloadFormat(req, formats) === undefined ? 'route' : undefined);
    router.get(expressPath(endpoint.path), wanted, ...guard, async (req, res) => {
      const params = parseInput(endpoint.params, req.params, 'path') as Record<string, string>;
      const period = periodOf(parseInput(query, req.query, 'query'));
      if (deps.waitForProjection && req.get(CONSISTENCY_HEADER) === 'strong') await deps.waitForProjection();
      const principal = requestState(res).principal!;
      const caller: ReportCaller = { permissions: principal.permissions, ...(principal.sitePermissions ? { sitePermissions: principal.sitePermissions } : {}), now: deps.clock() };
      const file = render(await endpoint.load(reports, params, period, caller), downloadFormat(req, formats)!);
      res.status(200).set({ 'Content-Type': file.contentType, 'Content-Disposition': `${file.disposition}; filename="${file.filename}"`, Vary: 'Accept' }).send(file.body);
    });
  };

  for (const e of reportEndpoints) mount(e, REPORT_FORMATS, ReportQuery, exportReport);
  for (const e of heatmapEndpoints) mount(e, HEATMAP_FORMATS, HeatmapQuery, exportHeatmap);
  return router;
}
