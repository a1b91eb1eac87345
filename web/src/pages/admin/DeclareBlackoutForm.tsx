import { useState } from 'react';
import { api } from '../../api/client.js';
import type { DeclareBlackoutRequest, EntityRevision, ResourcePage, Site, SpacePage } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAsync } from '../../ui/use-async.js';
import { instantFromDateAndTime } from '../../time/datetime-local.js';
import { useTime } from '../../time/use-time.js';
import { today } from '../../time/zoned-time.js';
import { BlackoutClashes } from './BlackoutClashes.js';
import { blackoutValues, declareBlackoutBody, type BlackoutValues } from './blackout-form.js';
import type { Checked } from './form-errors.js';
import { useCheckedForm } from './use-checked-form.js';

/** Declares a blackout of a space or of some of a resource, with times in the site's zone. */
export function DeclareBlackoutForm({ sites, siteId: initialSite, onDeclared }: { sites: Site[]; siteId?: string; onDeclared(body: DeclareBlackoutRequest): void }) {
  const t = useT();
  const time = useTime();
  const [siteId, setSiteId] = useState(initialSite ?? sites[0]?.id ?? '');
  const site = sites.find((s) => s.id === siteId);
  const zone = site?.timeZone ?? time.timeZone;
  const { values, set, errorOf: err, submit, action } = useCheckedForm<BlackoutValues, DeclareBlackoutRequest>(
    () => blackoutValues(today(zone)),
    (v): Checked<DeclareBlackoutRequest> => declareBlackoutBody(v, zone, resource?.quantity),
    async (body) => {
      await api.post<EntityRevision>('/blackouts', body);
      onDeclared(body);
    },
  );
  const targets = useAsync(
    async (signal) => {
      if (!siteId) return { spaces: [], resources: [] };
      const [spaces, resources] = await Promise.all([
        api.get<SpacePage>('/spaces', { query: { siteId, limit: 200 }, signal }),
        api.get<ResourcePage>('/resources', { query: { siteId, limit: 200 }, signal }),
      ]);
      return { spaces: spaces.items, resources: resources.items };
    },
    [siteId],
  );
  const resource = targets.data?.resources.find((r) => r.id === values.resourceId);
  const start = instantFromDateAndTime(values.startDate, values.startTime, zone);
  const end = instantFromDateAndTime(values.endDate, values.endTime, zone);
  const clash = action.error?.status === 409 && (action.error.problem.conflicts?.length ?? 0) > 0;

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="admin-grid">
        <SelectField label={t('admin.filter.site')} value={siteId} onChange={(e) => { setSiteId(e.target.value); set({ spaceId: '', resourceId: '' }); }}>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <fieldset className="admin-fieldset admin-radios">
          <legend>{t('admin.blackout.target')}</legend>
          <label className="checkbox">
            <input type="radio" name="targetKind" value="space" checked={values.targetKind === 'space'} onChange={() => set({ targetKind: 'space' })} /> {t('admin.blackout.target.space')}
          </label>
          <label className="checkbox">
            <input type="radio" name="targetKind" value="resource" checked={values.targetKind === 'resource'} onChange={() => set({ targetKind: 'resource' })} /> {t('admin.blackout.target.resource')}
          </label>
        </fieldset>
        {values.targetKind === 'space' ? (
          <SelectField label={t('admin.blackout.space')} name="spaceId" value={values.spaceId} error={err('spaceId', 'target.spaceId')} onChange={(e) => set({ spaceId: e.target.value })}>
            <option value="">{t('admin.choose')}</option>
            {targets.data?.spaces.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        ) : (
          <>
            <SelectField label={t('admin.blackout.resource')} name="resourceId" value={values.resourceId} error={err('resourceId', 'target.resourceId')} onChange={(e) => set({ resourceId: e.target.value })}>
              <option value="">{t('admin.choose')}</option>
              {targets.data?.resources.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('admin.blackout.quantity')}
              name="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={resource?.quantity}
              hint={resource ? t('admin.blackout.quantity.hint', { stock: resource.quantity }) : undefined}
              value={values.quantity}
              error={err('quantity', 'target.quantity')}
              onChange={(e) => set({ quantity: e.target.value })}
            />
          </>
        )}
      </div>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.blackout.when', { zone: time.zoneLabel(zone) })}</legend>
        <div className="admin-grid">
          <TextField label={t('admin.blackout.startDate')} type="date" value={values.startDate} error={err('start')} onChange={(e) => set({ startDate: e.target.value })} />
          <TextField label={t('admin.blackout.startTime')} type="time" value={values.startTime} onChange={(e) => set({ startTime: e.target.value })} />
          <TextField label={t('admin.blackout.endDate')} type="date" value={values.endDate} error={err('end')} onChange={(e) => set({ endDate: e.target.value })} />
          <TextField label={t('admin.blackout.endTime')} type="time" value={values.endTime} onChange={(e) => set({ endTime: e.target.value })} />
        </div>
        {start && end && zone !== time.timeZone && Date.parse(end) > Date.parse(start) && (
          <p className="muted" aria-live="polite">
            {t('admin.blackout.yourTime', { range: time.range(start, end), zone: time.zoneLabel() })}
          </p>
        )}
      </fieldset>
      <TextField label={t('admin.blackout.reason')} name="reason" required value={values.reason} error={err('reason')} onChange={(e) => set({ reason: e.target.value })} />
      {clash ? <BlackoutClashes problem={action.error!} /> : <ProblemMessage problem={action.error} />}
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {t('admin.blackout.declare')}
        </button>
      </div>
    </form>
  );
}
