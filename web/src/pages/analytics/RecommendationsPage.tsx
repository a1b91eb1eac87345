import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { RecommendationRequest, RecommendationResult, ResourcePage, SitePage, SpacePage } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { addDays, today } from '../../time/zoned-time.js';
import { CheckboxField, SelectField, TextField } from '../../ui/Field.js';
import { EmptyState } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { fieldError, ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { bookHref } from '../bookings/book-href.js';
import { weekdayName } from '../spaces/opening-hours.js';
import { recommend } from './analytics-requests.js';
import { formatPercent } from './figures.js';
import './analytics.css';

/** Amenities are free-form catalog words (`video_conferencing`): shown as words. */
const amenityLabel = (a: string) => a.replace(/_/g, ' ');

function Suggestions({ result }: { result: RecommendationResult }) {
  const { t, locale } = useI18n();
  const time = useTime();
  return (
    <section className="analytics-section stack" aria-labelledby="rec-results">
      <h2 id="rec-results">{t('analytics.rec.results')}</h2>
      <p className="muted">
        {t('analytics.rec.searched', { searched: result.spaces.searched, matching: result.spaces.matching })}
        {result.spaces.truncated && ` ${t('analytics.rec.truncated')}`}
      </p>
      {result.recommendations.length === 0 ? (
        <EmptyState>{t('analytics.rec.none')}</EmptyState>
      ) : (
        <ol className="analytics-slots">
          {result.recommendations.map((slot) => {
            const when = time.range(slot.start, slot.end);
            const siteNote = time.siteNote(slot.start, slot.timeZone);
            return (
              <li key={`${slot.spaceId}:${slot.start}`} className="card">
                <div className="analytics-slot-head">
                  <h3>{slot.spaceName}</h3>
                  <span className="status">{t('analytics.rec.quiet', { score: formatPercent(slot.score * 100, locale, 0) })}</span>
                </div>
                <p className="analytics-slot-when">
                  <strong>{when}</strong>
                  {siteNote && <span className="muted"> · {siteNote}</span>}
                </p>
                <p>{slot.reason}</p>
                {slot.approvalRequired && <p className="muted">{t('analytics.rec.approval')}</p>}
                <Link to={bookHref(slot.spaceId, { start: slot.start, end: slot.end, participants: slot.booking.participants })} className="button" aria-label={t('analytics.rec.bookLabel', { space: slot.spaceName, when })}>
                  {t('analytics.rec.book')}
                </Link>
              </li>
            );
          })}
        </ol>
      )}
      {result.insights.length > 0 && (
        <>
          <h2>{t('analytics.rec.insights')}</h2>
          <ul className="analytics-insights">
            {result.insights.map((i) => (
              <li key={`${i.kind}:${i.isoWeekday}:${i.part}`} className={`analytics-insight-${i.kind}`}>
                <strong>{t(i.kind === 'busy' ? 'analytics.rec.busy' : 'analytics.rec.quietest')}</strong> {i.text}
                <span className="visually-hidden"> ({weekdayName(i.isoWeekday, locale, 'long')})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** "Suggest a time": a wished meeting in, ranked free slots (with the server's reasons) out. */
export default function RecommendationsPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const time = useTime();
  const first = today(time.timeZone);
  const [form, setForm] = useState({ siteId: '', participants: '4', duration: '60', earliestDay: first, latestDay: addDays(first, 13), hoursFrom: '', hoursTo: '' });
  const [amenities, setAmenities] = useState<string[]>([]);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [result, setResult] = useState<RecommendationResult | null>(null);
  const sites = useAsync((signal) => api.get<SitePage>('/sites', { query: { limit: 200 }, signal }), []);
  const spaces = useAsync((signal) => api.get<SpacePage>('/spaces', { query: { siteId: form.siteId || undefined, limit: 200 }, signal }), [form.siteId]);
  const resources = useAsync(
    (signal) => (form.siteId ? api.get<ResourcePage>('/resources', { query: { siteId: form.siteId, limit: 200 }, signal }) : Promise.resolve(null)),
    [form.siteId],
  );
  const amenityChoices = [...new Set(spaces.data?.items.flatMap((s) => s.amenities) ?? [])].sort();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  const action = useAction(async () => {
    const wish: RecommendationRequest = {
      durationMinutes: Number(form.duration),
      participants: Number(form.participants),
      amenities: amenities.filter((a) => amenityChoices.includes(a)),
      resources: Object.entries(quantities)
        .filter(([resourceId, q]) => Number(q) > 0 && resources.data?.items.some((r) => r.id === resourceId))
        .map(([resourceId, q]) => ({ resourceId, quantity: Number(q) })),
      ...(form.siteId && { siteId: form.siteId }),
      ...(form.earliestDay && { earliestDay: form.earliestDay }),
      ...(form.latestDay && { latestDay: form.latestDay }),
      ...((form.hoursFrom || form.hoursTo) && { preferredHours: { from: form.hoursFrom || '00:00', to: form.hoursTo || '24:00' } }),
    };
    setResult(await recommend(api, wish, locale));
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };
  const err = (field: string) => fieldError(action.error, field);

  return (
    <section className="analytics-page">
      <PageHeader title={t('analytics.rec.title')} />
      <p className="muted">{t('analytics.rec.intro')}</p>
      <form className="card stack" onSubmit={submit} noValidate>
        <div className="analytics-form-grid">
          <SelectField label={t('analytics.site')} value={form.siteId} onChange={set('siteId')} error={err('siteId')}>
            <option value="">{t('analytics.rec.anySite')}</option>
            {sites.data?.items
              .filter((s) => can('booking.create', s.id))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </SelectField>
          <TextField label={t('analytics.rec.participants')} type="number" min={1} inputMode="numeric" required value={form.participants} onChange={set('participants')} error={err('participants')} />
          <TextField label={t('analytics.rec.duration')} type="number" min={15} max={1440} step={15} inputMode="numeric" required value={form.duration} onChange={set('duration')} error={err('durationMinutes')} />
        </div>
        <div className="analytics-form-grid">
          <TextField label={t('analytics.rec.earliest')} type="date" value={form.earliestDay} onChange={set('earliestDay')} error={err('earliestDay')} />
          <TextField label={t('analytics.rec.latest')} type="date" value={form.latestDay} min={form.earliestDay} onChange={set('latestDay')} error={err('latestDay')} />
          <TextField label={t('analytics.rec.hoursFrom')} type="time" value={form.hoursFrom} onChange={set('hoursFrom')} hint={t('analytics.rec.hoursHint')} error={err('preferredHours.from')} />
          <TextField label={t('analytics.rec.hoursTo')} type="time" value={form.hoursTo} onChange={set('hoursTo')} hint={t('analytics.rec.hoursHint')} error={err('preferredHours.to')} />
        </div>
        {amenityChoices.length > 0 && (
          <fieldset className="analytics-choices">
            <legend>{t('analytics.rec.amenities')}</legend>
            {amenityChoices.map((a) => (
              <CheckboxField
                key={a}
                label={amenityLabel(a)}
                checked={amenities.includes(a)}
                onChange={(e) => setAmenities((list) => (e.target.checked ? [...list, a] : list.filter((x) => x !== a)))}
              />
            ))}
          </fieldset>
        )}
        {resources.data && resources.data.items.length > 0 && (
          <fieldset className="analytics-choices analytics-resources">
            <legend>{t('analytics.rec.resources')}</legend>
            {resources.data.items
              .filter((r) => !r.retired)
              .map((r) => (
                <TextField
                  key={r.id}
                  label={r.name}
                  type="number"
                  min={0}
                  max={r.quantity}
                  inputMode="numeric"
                  hint={t('analytics.rec.available', { count: r.quantity })}
                  value={quantities[r.id] ?? ''}
                  onChange={(e) => setQuantities((q) => ({ ...q, [r.id]: e.target.value }))}
                />
              ))}
          </fieldset>
        )}
        <ProblemMessage problem={action.error} />
        <div className="actions">
          <button type="submit" disabled={action.pending}>
            {t('analytics.rec.submit')}
          </button>
        </div>
      </form>
      <p role="status" className="visually-hidden">
        {result && t('analytics.rec.found', { count: result.recommendations.length })}
      </p>
      {result && <Suggestions result={result} />}
    </section>
  );
}
