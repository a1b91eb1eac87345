import { useId, useState, type FormEvent } from 'react';
import type { RoleDefinition, Site } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { CheckboxField, SelectField } from '../../ui/Field.js';
import { ProblemMessage, fieldError } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';
import type { GrantRoleRequest } from './admin-types.js';
import { useProblemText, type FormErrors } from './form-errors.js';
import { SITE_SCOPED_ROLES, grantRoleBody, type GrantValues } from './grant-form.js';

/** Grants a role everywhere or on chosen sites (a hotelier only on sites). */
export function GrantRoleForm({ roles, sites, onGrant }: { roles: RoleDefinition[]; sites: Site[]; onGrant(body: GrantRoleRequest): Promise<unknown> }) {
  const t = useT();
  const id = useId();
  const problemText = useProblemText();
  const [values, setValues] = useState<GrantValues>({ role: '', scope: 'everywhere', siteIds: [] });
  const [errors, setErrors] = useState<FormErrors>({});
  const action = useAction(async (body: GrantRoleRequest) => {
    await onGrant(body);
    setValues({ role: '', scope: 'everywhere', siteIds: [] });
  });
  const siteOnly = SITE_SCOPED_ROLES.includes(values.role);
  const scope = siteOnly ? 'sites' : values.scope;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = grantRoleBody({ ...values, scope });
    setErrors(result.errors ?? {});
    if (result.body) void action.run(result.body);
  };
  const sitesError = problemText(errors.siteIds) ?? fieldError(action.error, 'siteIds');
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <SelectField label={t('admin.grant.role')} value={values.role} error={problemText(errors.role) ?? fieldError(action.error, 'role')} onChange={(e) => setValues((v) => ({ ...v, role: e.target.value }))}>
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
