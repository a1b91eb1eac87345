import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { Site, SpaceKind } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { zoneLabel } from '../../time/format.js';
import { today } from '../../time/zoned-time.js';
import { CheckboxField, SelectField, TextField } from '../../ui/Field.js';
import { SPACE_KINDS } from '../admin/catalog-enums.js';
import { COMMON_AMENITIES, EQUIPMENT, MORE_AMENITIES, amenityLabel, otherAmenities } from './amenities.js';
import { EMPTY_FREE_BETWEEN, freeBetweenDraft, freeBetweenRange, type FreeBetweenDraft } from './free-between.js';
import { activeFilterCount, filtersToQuery, type SearchFilters } from './search-filters.js';

interface Draft {
  siteId: string;
  city: string;
  kind: SpaceKind | '';
  minCapacity: string;
  amenities: string[];
  free: FreeBetweenDraft;
}

function draftOf(filters: SearchFilters, timeZone: string): Draft {
  return {
    siteId: filters.siteId ?? '',
    city: filters.city ?? '',
    kind: filters.kind ?? '',
    minCapacity: filters.minCapacity !== undefined ? String(filters.minCapacity) : '',
    amenities: filters.amenities,
    free: freeBetweenDraft(filters.freeFrom, filters.freeTo, timeZone),
  };
}

type DraftErrors = { minCapacity?: 'search.error.capacity'; free?: 'search.error.freeIncomplete' | 'search.error.freePast' };

/** The filters a draft means, or what is wrong with it. */
function readDraft(draft: Draft, timeZone: string, now = new Date()): { filters: SearchFilters } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const capacity = draft.minCapacity.trim() === '' ? undefined : Number(draft.minCapacity);
  if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 1 && capacity <= 100_000)) errors.minCapacity = 'search.error.capacity';
  const free = freeBetweenRange(draft.free, timeZone, now);
  if (free.kind === 'incomplete') errors.free = 'search.error.freeIncomplete';
  if (free.kind === 'past') errors.free = 'search.error.freePast';
  if (errors.minCapacity || errors.free) return { errors };
  return {
    filters: {
      siteId: draft.siteId || undefined,
      city: draft.city.trim() || undefined,
      kind: draft.kind || undefined,
      minCapacity: capacity,
      amenities: draft.amenities,
      ...(free.kind === 'range' ? { freeFrom: free.freeFrom, freeTo: free.freeTo } : {}),
    },
  };
}

/**
 * The search filters. Choices (selects, checkboxes) search at once; typed values search on
 * Enter or the button. The URL holds the applied filters; this form holds what is being typed.
 */
export function FilterForm({ filters, sites, timeZone, onApply }: { filters: SearchFilters; sites: Site[] | undefined; timeZone: string; onApply(filters: SearchFilters): void }) {
  const { t, locale } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(() => draftOf(filters, timeZone));
  const [errors, setErrors] = useState<DraftErrors>({});
  const [open, setOpen] = useState(false);
  // Back/forward or a link changed the URL: show what it asks for.
  const appliedKey = JSON.stringify(filtersToQuery(filters));
  useEffect(() => {
    setDraft(draftOf(filters, timeZone));
    setErrors({});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appliedKey, timeZone]);

  const apply = (next: Draft) => {
    const result = readDraft(next, timeZone);
    if ('errors' in result) return setErrors(result.errors);
    setErrors({});
    onApply(result.filters);
  };
  const change = (patch: Partial<Draft>, now = false) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (now) apply(next);
  };
  const toggleAmenity = (tag: string, on: boolean) =>
    change({ amenities: on ? [...draft.amenities, tag] : draft.amenities.filter((a) => a !== tag) }, true);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const clear = () => {
    const empty: Draft = { siteId: '', city: '', kind: '', minCapacity: '', amenities: [], free: EMPTY_FREE_BETWEEN };
    setDraft(empty);
    apply(empty);
  };

  const cities = useMemo(() => [...new Set((sites ?? []).map((s) => s.city))].sort((a, b) => a.localeCompare(b)), [sites]);
  // The API matches a city case-insensitively; a link may spell it either way.
  const city = cities.find((c) => c.toLowerCase() === draft.city.toLowerCase()) ?? draft.city;
  const cityOptions = city && !cities.includes(city) ? [city, ...cities] : cities;
  const siteOptions = (sites ?? []).filter((s) => !draft.city || s.city.toLowerCase() === draft.city.toLowerCase()).sort((a, b) => a.name.localeCompare(b.name));
  const overnight = draft.free.start !== '' && draft.free.end !== '' && draft.free.end <= draft.free.start;
  const active = activeFilterCount(filters);
  const others = otherAmenities(draft.amenities);
  const moreOpen = draft.amenities.some((a) => (MORE_AMENITIES as readonly string[]).includes(a));

  const checkbox = (tag: string) => (
    <li key={tag}>
      <CheckboxField label={amenityLabel(t, tag)} name="amenities" value={tag} checked={draft.amenities.includes(tag)} onChange={(e) => toggleAmenity(tag, e.target.checked)} />
    </li>
  );

  return (
    <section className={`search-filters card${open ? ' open' : ''}`} aria-labelledby={`${id}-title`}>
      <div className="search-filters-head">
        <h2 id={`${id}-title`}>
          {t('search.filters')}
          {active > 0 && <span className="search-active">{t('search.filtersSet', { count: active })}</span>}
        </h2>
        <button type="button" className="secondary search-filters-toggle" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen((o) => !o)}>
          {open ? t('search.hideFilters') : t('search.showFilters')}
        </button>
      </div>
      <form id={`${id}-form`} className="search-filters-body stack" onSubmit={submit} noValidate role="search">
        <SelectField label={t('search.city')} name="city" value={city} onChange={(e) => change({ city: e.target.value, siteId: '' }, true)}>
          <option value="">{t('search.anyCity')}</option>
          {cityOptions.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('search.site')} name="siteId" value={draft.siteId} onChange={(e) => change({ siteId: e.target.value }, true)}>
          <option value="">{t('search.anySite')}</option>
          {siteOptions.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
          {draft.siteId && !siteOptions.some((s) => s.id === draft.siteId) && <option value={draft.siteId}>{t('search.chosenSite')}</option>}
        </SelectField>
        <SelectField label={t('search.kind')} name="kind" value={draft.kind} onChange={(e) => change({ kind: e.target.value as SpaceKind | '' }, true)}>
          <option value="">{t('search.anyKind')}</option>
          {SPACE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`search.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('search.minCapacity')}
          name="minCapacity"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={draft.minCapacity}
          error={errors.minCapacity && t(errors.minCapacity)}
          onChange={(e) => change({ minCapacity: e.target.value })}
        />
        <fieldset className="search-fieldset" aria-describedby={errors.free ? `${id}-free-error` : `${id}-free-hint`}>
          <legend>{t('search.freeBetween')}</legend>
          <div className="search-free">
            <TextField label={t('search.date')} name="date" type="date" min={today(timeZone)} value={draft.free.date} onChange={(e) => change({ free: { ...draft.free, date: e.target.value } })} />
            <TextField label={t('search.from')} name="start" type="time" step={900} value={draft.free.start} onChange={(e) => change({ free: { ...draft.free, start: e.target.value } })} />
            <TextField
              label={t('search.to')}
              name="end"
              type="time"
              step={900}
              value={draft.free.end}
              hint={overnight ? t('search.nextDay') : undefined}
              onChange={(e) => change({ free: { ...draft.free, end: e.target.value } })}
            />
          </div>
          <small id={`${id}-free-hint`} className="field-hint">
            {t('time.yourZone', { zone: zoneLabel(timeZone, locale) })}
          </small>
          {errors.free && (
            <small id={`${id}-free-error`} className="field-error" role="alert">
              {t(errors.free)}
            </small>
          )}
        </fieldset>
        <fieldset className="search-fieldset">
          <legend>{t('search.equipment')}</legend>
          <ul className="search-checks">{EQUIPMENT.map(checkbox)}</ul>
        </fieldset>
        <fieldset className="search-fieldset">
          <legend>{t('search.amenities')}</legend>
          <ul className="search-checks">
            {COMMON_AMENITIES.map(checkbox)}
            {others.map(checkbox)}
          </ul>
          <details className="search-more" open={moreOpen || undefined}>
            <summary>{t('search.moreAmenities')}</summary>
            <ul className="search-checks">{MORE_AMENITIES.map(checkbox)}</ul>
          </details>
        </fieldset>
        <div className="actions">
          <button type="submit">{t('app.search')}</button>
          <button type="button" className="secondary" onClick={clear}>
            {t('search.clear')}
          </button>
        </div>
      </form>
    </section>
  );
}
