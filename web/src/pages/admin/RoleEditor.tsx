import { useId } from 'react';
import type { NewRoleRequest, RoleChangeRequest, RoleDefinition } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { permissionGroupText, permissionText } from './permission-text.js';
import { groupPermissions, newRoleBody, roleChangeBody, roleValues, type RoleValues } from './role-form.js';
import { useCheckedForm } from './use-checked-form.js';

type Props = { permissions: readonly string[] } & (
  | { role?: undefined; onSave(body: NewRoleRequest): Promise<unknown> }
  | { role: RoleDefinition; onSave(body: RoleChangeRequest): Promise<unknown> }
);

/** A custom role: name (when new), description and its permissions, ticked from the catalogue by group. */
export function RoleEditor(props: Props) {
  const { role, permissions } = props;
  const t = useT();
  const id = useId();
  const { values, setValues, errorOf, submit, action } = useCheckedForm<RoleValues, NewRoleRequest | RoleChangeRequest>(
    () => roleValues(role),
    (v) => (role ? roleChangeBody(v, permissions) : newRoleBody(v, permissions)),
    (body) => (props.onSave as (b: typeof body) => Promise<unknown>)(body),
  );
  const toggle = (permission: string, on: boolean) =>
    setValues((v) => ({ ...v, permissions: on ? [...v.permissions, permission] : v.permissions.filter((p) => p !== permission) }));
  const permissionsError = errorOf('permissions');
  return (
    <form className="stack" onSubmit={submit} noValidate>
      {!role && (
        <TextField
          label={t('admin.role.name')}
          name="name"
          required
          autoComplete="off"
          hint={t('admin.role.name.hint')}
          value={values.name}
          error={errorOf('name')}
          onChange={(e) => setValues((v) => ({ ...v, name: e.target.value }))}
        />
      )}
      <TextField
        label={t('admin.role.description')}
        name="description"
        value={values.description}
        error={errorOf('description')}
        onChange={(e) => setValues((v) => ({ ...v, description: e.target.value }))}
      />
      <fieldset className="admin-fieldset" aria-describedby={permissionsError ? `${id}-error` : `${id}-hint`}>
        <legend>{t('admin.role.permissions')}</legend>
        <p id={`${id}-hint`} className="field-hint">
          {t('admin.role.permissions.hint')}
        </p>
        <div className="admin-permission-groups">
          {groupPermissions(permissions).map(([prefix, members]) => (
            <fieldset key={prefix} className="admin-permission-group">
              <legend>{permissionGroupText(t, prefix)}</legend>
              {members.map((p) => {
                const hint = permissionText(t, p);
                return (
                  <div key={p} className="admin-permission">
                    <input
                      type="checkbox"
                      id={`${id}-${p}`}
                      name="permissions"
                      value={p}
                      checked={values.permissions.includes(p)}
                      aria-describedby={hint ? `${id}-${p}-hint` : undefined}
                      onChange={(e) => toggle(p, e.target.checked)}
                    />
                    <span>
                      <label htmlFor={`${id}-${p}`}>
                        <code>{p}</code>
                      </label>
                      {hint && (
                        <small id={`${id}-${p}-hint`} className="field-hint">
                          {hint}
                        </small>
                      )}
                    </span>
                  </div>
                );
              })}
            </fieldset>
          ))}
        </div>
        {permissionsError && (
          <small id={`${id}-error`} className="field-error">
            {permissionsError}
          </small>
        )}
      </fieldset>
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {role ? t('app.save') : t('admin.role.create')}
        </button>
      </div>
    </form>
  );
}
