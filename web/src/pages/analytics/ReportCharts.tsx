import { api } from '../../api/client.js';
import type { SiteReport } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { Loaded } from '../../ui/Loading.js';
import { useAsync } from '../../ui/use-async.js';
import { loadForecast, loadHeatmap, loadTrend, type ReportScope } from './analytics-requests.js';
import { BarChart } from './BarChart.js';
import { formatNumber, formatPercent } from './figures.js';
import { LineChart } from './LineChart.js';
import { OccupancyHeatmap } from './OccupancyHeatmap.js';
import { formatDay, type BucketSize, type Period } from './period.js';
import { Sized } from './Sized.js';

interface Subject {
  scope: ReportScope;
  id: string;
  /** The site's or space's name, for the charts' titles. */
  name: string;
  period: Period;
  /** "1 Nov 2026 – 28 Nov 2026", as people chose it. */
  periodText: string;
}

const BUCKET_LABEL: Record<BucketSize, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short' },
  week: { day: 'numeric', month: 'short' },
  month: { month: 'short', year: 'numeric' },
};

export function SpacesChart({ report, name, periodText }: { report: SiteReport; name: string; periodText: string }) {
  const { t, locale } = useI18n();
  return (
    <section className="analytics-section">
      <h2>{t('analytics.spaces.title')}</h2>
      <Sized>
        {(width) => (
          <BarChart
            width={width}
            title={t('analytics.spaces.chart', { name })}
            description={t('analytics.spaces.desc', { name, period: periodText, count: report.spaces.length })}
            data={report.spaces.map((s) => ({ key: s.spaceId, label: s.retired ? `${s.spaceName} (${t('analytics.retired')})` : s.spaceName, value: s.usage.utilisationPercent }))}
            categoryLabel={t('analytics.axis.space')}
            valueLabel={t('analytics.axis.utilisation')}
            format={(v) => formatPercent(v, locale)}
            missing={t('analytics.notOpen')}
          />
        )}
      </Sized>
    </section>
  );
}

export function TrendChart({ scope, id, name, period, periodText }: Subject) {
  const { t, locale } = useI18n();
  const trend = useAsync((signal) => loadTrend(api, scope, id, period, signal), [scope, id, period.from, period.to]);
  return (
    <section className="analytics-section">
      <h2>{t('analytics.trend.title')}</h2>
      <Loaded state={trend}>
        {({ size, points }) => (
          <Sized>
            {(width) => (
              <LineChart
                width={width}
                title={t('analytics.trend.chart', { name })}
                description={t('analytics.trend.desc', { name, period: periodText, bucket: t(`analytics.bucket.${size}`) })}
                data={points.map((p) => ({ key: p.from, label: formatDay(p.from, locale, BUCKET_LABEL[size]), value: p.utilisationPercent }))}
                xLabel={t(`analytics.axis.${size}`)}
                yLabel={t('analytics.axis.utilisation')}
                format={(v) => formatPercent(v, locale)}
                missing={t('analytics.notOpen')}
              />
            )}
          </Sized>
        )}
      </Loaded>
    </section>
  );
}

export function HeatmapPanel({ scope, id, name, period, periodText }: Subject) {
  const { t } = useI18n();
  const heatmap = useAsync((signal) => loadHeatmap(api, scope, id, period, signal), [scope, id, period.from, period.to]);
  return (
    <section className="analytics-section">
      <h2>{t('analytics.heatmap.title')}</h2>
      <Loaded state={heatmap}>
        {(h) => <OccupancyHeatmap cells={h.cells} caption={t('analytics.heatmap.caption', { name, period: periodText, zone: h.subject.timeZone })} />}
      </Loaded>
    </section>
  );
}

export function ForecastChart({ scope, id, name }: Pick<Subject, 'scope' | 'id' | 'name'>) {
  const { t, locale } = useI18n();
  const forecast = useAsync((signal) => loadForecast(api, scope, id, signal), [scope, id]);
  return (
    <section className="analytics-section">
      <h2>{t('analytics.forecast.title')}</h2>
      <Loaded state={forecast}>
        {(f) => (
          <>
            {f.confidence.level === 'low' && <p className="warning">{t('analytics.forecast.low', { reasons: f.confidence.reasons.join(' ') })}</p>}
            <Sized>
              {(width) => (
                <LineChart
                  width={width}
                  title={t('analytics.forecast.chart', { name })}
                  description={t('analytics.forecast.desc', { name, from: formatDay(f.horizon.from, locale), to: formatDay(f.days[f.days.length - 1]?.date ?? f.horizon.to, locale) })}
                  data={f.days.map((d) => ({ key: d.date, label: formatDay(d.date, locale, BUCKET_LABEL.day), value: d.predictedShare === null ? null : d.predictedShare * 100 }))}
                  xLabel={t('analytics.axis.day')}
                  yLabel={t('analytics.axis.predicted')}
                  format={(v) => formatPercent(v, locale)}
                  missing={t('analytics.notOpen')}
                />
              )}
            </Sized>
            {f.backtest.dailyMaePp !== null && <p className="muted">{t('analytics.forecast.error', { error: formatNumber(f.backtest.dailyMaePp, locale, 1) })}</p>}
          </>
        )}
      </Loaded>
    </section>
  );
}
