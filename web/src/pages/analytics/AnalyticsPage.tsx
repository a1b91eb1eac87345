import { api } from '../../api/client.js';
import type { SitePage, SpacePage } from '../../api/types.js';
import { useQueryUpdater, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { addDays, today } from '../../time/zoned-time.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { loadReport, reportPath, usageOf, type ReportScope } from './analytics-requests.js';
import { DownloadButtons } from './DownloadButtons.js';
import { MAX_REPORT_DAYS, formatDay, periodProblem, type Period } from './period.js';
import { PersonReportSection } from './PersonReport.js';
import { ForecastChart, HeatmapPanel, SpacesChart, TrendChart } from './ReportCharts.js';
import { UsageFigures } from './UsageFigures.js';
import './analytics.css';

function Report({ scope, id, period, periodText }: { scope: ReportScope; id: string; period: Period; periodText: string }) {
  const { t } = useI18n();
  const time = useTime();
  const report = useAsync((signal) => loadReport(api, scope, id, period, signal), [scope, id, period.from, period.to]);
  return (
    <Loaded state={report}>
      {(r) => {
        const name = r.report === 'site' ? r.site.name : r.space.spaceName;
        const zone = r.report === 'site' ? r.site.timeZone : r.space.timeZone;
        const subject = { scope, id, name, period, periodText };
        return (
          <>
            <section className="analytics-section card stack" aria-labelledby="analytics-summary">
              <h2 id="analytics-summary">{t('analytics.summary', { name, period: periodText })}</h2>
              {zone !== time.timeZone && <p className="muted">{t('analytics.siteDays', { zone: time.zoneLabel(zone) })}</p>}
              <UsageFigures usage={usageOf(r)} />
              <DownloadButtons path={reportPath(scope, id)} period={period} labels={{ csv: 'analytics.download.csv', pdf: 'analytics.download.pdf' }} />
            </section>
            {r.report === 'site' && r.spaces.length > 0 && <SpacesChart report={r} name={name} periodText={periodText} />}
            <TrendChart {...subject} />
            <HeatmapPanel {...subject} />
            <ForecastChart scope={scope} id={id} name={name} />
          </>
        );
      }}
    </Loaded>
  );
}

/** Utilisation of a site or space over a period: figures, charts, heatmap, forecast and the downloads. */
export default function AnalyticsPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const time = useTime();
  const { query } = useRoute();
  const update = useQueryUpdater();
  const now = today(time.timeZone);
  const fromDay = query.get('from') ?? addDays(now, -27);
  const lastDay = query.get('to') ?? now;
  const sites = useAsync((signal) => api.get<SitePage>('/sites', { query: { limit: 200 }, signal }), []);
  const reportable = sites.data?.items.filter((s) => can('analytics.read', s.id)) ?? [];
  const siteId = query.get('site') ?? reportable[0]?.id ?? '';
  const spaceId = query.get('space') ?? '';
  const spaces = useAsync((signal) => (siteId ? api.get<SpacePage>('/spaces', { query: { siteId, limit: 200 }, signal }) : Promise.resolve(null)), [siteId]);
  const problem = periodProblem(fromDay, lastDay);
  const period: Period = { from: fromDay, to: addDays(lastDay, 1) };
  const periodText = problem ? '' : `${formatDay(fromDay, locale)} – ${formatDay(lastDay, locale)}`;
  const scope: ReportScope = spaceId ? 'space' : 'site';
  const id = spaceId || siteId;

  return (
    <section className="analytics-page">
      <PageHeader title={t('analytics.title')} />
      <form className="card analytics-controls" onSubmit={(e) => e.preventDefault()} aria-label={t('analytics.controls')}>
        <Loaded state={sites}>
          {() => (
            <SelectField label={t('analytics.site')} value={siteId} onChange={(e) => update({ site: e.target.value, space: null })}>
              {reportable.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </SelectField>
          )}
        </Loaded>
        <SelectField label={t('analytics.space')} value={spaceId} onChange={(e) => update({ site: siteId, space: e.target.value })} disabled={!siteId}>
          <option value="">{t('analytics.wholeSite')}</option>
          {spaces.data?.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t('analytics.from')} type="date" value={fromDay} max={lastDay} required onChange={(e) => update({ from: e.target.value })} />
        <TextField
          label={t('analytics.to')}
          type="date"
          value={lastDay}
          min={fromDay}
          required
          onChange={(e) => update({ to: e.target.value })}
          error={problem ? t(`analytics.period.${problem}`, { days: MAX_REPORT_DAYS }) : undefined}
        />
      </form>
      {sites.data && reportable.length === 0 ? (
        <EmptyState>{t('analytics.noSites')}</EmptyState>
      ) : (
        id && !problem && <Report key={`${scope}:${id}:${period.from}:${period.to}`} scope={scope} id={id} period={period} periodText={periodText} />
      )}
      {!problem && <PersonReportSection period={period} userId={query.get('person') ?? ''} onChoose={(person) => update({ person })} />}
    </section>
  );
}
