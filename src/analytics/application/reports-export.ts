import { assertNever } from '../../shared/domain/decider.js';
import { renderHeatmapSvg } from '../domain/heatmap-svg.js';
import { renderReportPdf } from '../domain/pdf-report.js';
import { renderHeatmapPng } from '../domain/png-heatmap.js';
import type { Report, ReportPeriod } from '../domain/report.js';
import { reportCsv } from '../domain/report-csv.js';
import { reportDocument } from '../domain/report-document.js';
import type { Heatmap } from '../domain/report-heatmap.js';

export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const HEATMAP_FORMATS = ['json', 'svg', 'png'] as const;
export type HeatmapFormat = (typeof HEATMAP_FORMATS)[number];

/** Media type of each format, for Content-Type and Accept negotiation. */
export const MEDIA_TYPES: Record<ReportFormat | HeatmapFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  pdf: 'application/pdf',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** A rendered download: what to send and what to call it. */
export interface ReportFile {
  contentType: string;
  /** Safe in a Content-Disposition header: letters, digits, `-` and `.` only. */
  filename: string;
  /** Reports download; charts show in the browser (and embed). */
  disposition: 'attachment' | 'inline';
  body: Buffer | string;
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9-]/g, '');
}

function filename(kind: string, id: string, period: ReportPeriod, format: string): string {
  return `${kind}-${safe(id)}-${safe(period.from)}-${safe(period.to)}.${format}`;
}

function subjectOf(report: Report): { kind: string; id: string } {
  switch (report.report) {
    case 'space':
      return { kind: 'space-report', id: report.space.spaceId };
    case 'site':
      return { kind: 'site-report', id: report.site.siteId };
    case 'person':
      return { kind: 'person-report', id: report.person.userId };
    default:
      return assertNever(report);
  }
}

/** A report as a CSV or PDF download (JSON goes through the API's contract-checked route). */
export function exportReport(report: Report, format: Exclude<ReportFormat, 'json'>): ReportFile {
  const { kind, id } = subjectOf(report);
  const name = filename(kind, id, report.period, format);
  switch (format) {
    case 'csv':
      return { contentType: 'text/csv; charset=utf-8; header=present', filename: name, disposition: 'attachment', body: reportCsv(report) };
    case 'pdf':
      return { contentType: MEDIA_TYPES.pdf, filename: name, disposition: 'attachment', body: renderReportPdf(reportDocument(report), new Date(report.generatedAt)) };
    default:
      return assertNever(format);
  }
}

/** A heatmap as an SVG or PNG chart. */
export function exportHeatmap(heatmap: Heatmap, format: Exclude<HeatmapFormat, 'json'>): ReportFile {
  const name = filename(`${heatmap.scope}-heatmap`, heatmap.subject.id, heatmap.period, format);
  switch (format) {
    case 'svg':
      return { contentType: 'image/svg+xml; charset=utf-8', filename: name, disposition: 'inline', body: renderHeatmapSvg(heatmap) };
    case 'png':
      return { contentType: MEDIA_TYPES.png, filename: name, disposition: 'inline', body: renderHeatmapPng(heatmap) };
    default:
      return assertNever(format);
  }
}
