import { useId } from 'react';
import type { GrantRoleRequest, RoleDefinition, Site } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { CheckboxField, SelectField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { SITE_SCOPED_ROLES, grantRoleBody, type GrantValues } from './grant-form.js';
import { useCheckedForm } from './use-checked-form.js';

const NONE: GrantValues = { role: '', scope: 'everywhere', siteIds: [] };

/** Grants a role everywhere or on chosen sites (a hotelier only on sites). */
export function GrantRoleForm({ roles, sites, onGrant }: { roles: RoleDefinition[]; sites: Site[]; onGrant(body: GrantRoleRequest): Promise<unknown> }) {
  const t = useT();
  const id = useId();
  const { values, setValues, errorOf, submit, action } = useCheckedForm<GrantValues, GrantRoleRequest>(
    NONE,
    grantRoleBody,
    async (body): Promise<void> => {
      await onGrant(body);
      setValues(NONE);
    },
  );
  const siteOnly = SITE_SCOPED_ROLES.includes(values.role);
  const scope = siteOnly ? 'sites' : values.scope;
  const sitesError = errorOf('siteIds');
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <SelectField label={t('admin.grant.role')} value={values.role} error={errorOf('role')} onChange={(e) => setValues((v) => ({ ...v, role: e.target.value }))}>
        <option value="">{t('admin.choose')}</option>
        {roles.map((r) => (
          <option key={r.name} value={r.name}>
            {r.name}
            {r.description ? ` — ${r.description}` : ''}
          </option>
        ))}
      </SelectField>
      <fieldset className="admin-fieldset admin-radios" aria-describedby={sitesError ? `${id}-error` : undefined}>
        <legend>{t('admin.grant.where')}</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-scope`} checked={scope === 'everywhere'} disabled={siteOnly} onChange={() => setValues((v) => ({ ...v, scope: 'everywhere' }))} /> {t('admin.grant.everywhere')}
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-scope`} checked={scope === 'sites'} onChange={() => setValues((v) => ({ ...v, scope: 'sites' }))} /> {t('admin.grant.onSites')}
        </label>
        {siteOnly && <p className="field-hint">{t('admin.grant.hotelierHint')}</p>}
        {scope === 'sites' && (
          <div className="admin-checklist">
            {sites.map((s) => (
              <CheckboxField
                key={s.id}
                label={s.name}
                checked={values.siteIds.includes(s.id)}
                onChange={(e) => setValues((v) => ({ ...v, siteIds: e.target.checked ? [...v.siteIds, s.id] : v.siteIds.filter((x) => x !== s.id) }))}
              />
            ))}
          </div>
        )}
        {sitesError && (
          <small id={`${id}-error`} className="field-error">
            {sitesError}
          </small>
        )}
      </fieldset>
      <p className="field-hint">{t('admin.grant.replaceHint')}</p>
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {t('admin.grant.submit')}
        </button>
      </div>
    </form>
  );
}
