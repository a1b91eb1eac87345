import type { RegisterSiteRequest, Site, UpdateSiteRequest } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useTime } from '../../time/use-time.js';
import { SITE_KINDS } from './catalog-enums.js';
import { registerSiteBody, siteValues, updateSiteBody, type SiteValues } from './site-form.js';
import { useCheckedForm } from './use-checked-form.js';

const ZONES = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

type Props =
  | { site?: undefined; onSubmit(body: RegisterSiteRequest): Promise<unknown> }
  | { site: Site; onSubmit(body: UpdateSiteRequest): Promise<unknown> };

/** A site's name, kind, address, position and (when registering) its time zone. */
export function SiteForm({ site, onSubmit }: Props) {
  const t = useT();
  const time = useTime();
  const { values, set, errors, errorOf: err, submit, action, saved } = useCheckedForm<SiteValues, RegisterSiteRequest | UpdateSiteRequest>(
    () => siteValues(site, time.timeZone),
    (v) => (site ? updateSiteBody(v, site) : registerSiteBody(v)),
    (body) => (onSubmit as (b: typeof body) => Promise<unknown>)(body),
  );
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="admin-grid">
        <TextField label={t('admin.site.name')} name="name" required value={values.name} error={err('name')} onChange={(e) => set({ name: e.target.value })} />
        <SelectField label={t('admin.site.kind')} name="kind" value={values.kind} onChange={(e) => set({ kind: e.target.value as SiteValues['kind'] })}>
          {SITE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.siteKind.${k}`)}
            </option>
          ))}
        </SelectField>
        <div className="admin-wide">
          <TextField label={t('admin.site.address')} name="address" required autoComplete="street-address" value={values.address} error={err('address')} onChange={(e) => set({ address: e.target.value })} />
        </div>
        <TextField label={t('admin.site.city')} name="city" required autoComplete="address-level2" value={values.city} error={err('city')} onChange={(e) => set({ city: e.target.value })} />
        <TextField label={t('admin.site.latitude')} name="latitude" inputMode="decimal" hint={t('admin.site.latitude.hint')} value={values.latitude} error={err('latitude')} onChange={(e) => set({ latitude: e.target.value })} />
        <TextField label={t('admin.site.longitude')} name="longitude" inputMode="decimal" hint={t('admin.site.longitude.hint')} value={values.longitude} error={err('longitude')} onChange={(e) => set({ longitude: e.target.value })} />
        {site ? (
          <div className="field">
            <span className="admin-label">{t('admin.site.timeZone')}</span>
            <span>{time.zoneLabel(site.timeZone)}</span>
            <small className="field-hint">{t('admin.site.timeZone.fixed')}</small>
          </div>
        ) : (
          <>
            <TextField label={t('admin.site.timeZone')} name="timeZone" list="admin-time-zones" autoComplete="off" hint={t('admin.site.timeZone.hint')} value={values.timeZone} error={err('timeZone')} onChange={(e) => set({ timeZone: e.target.value })} />
            <datalist id="admin-time-zones">
              {ZONES.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </div>
      {errors.form && <p className="field-error">{err('form')}</p>}
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {site ? t('app.save') : t('admin.site.create')}
        </button>
        <span aria-live="polite" className="admin-saved">
          {saved && site ? t('app.saved') : ''}
        </span>
      </div>
    </form>
  );
}
