import type { CreateResourceRequest, Resource, UpdateResourceRequest } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { SelectField, TextArea, TextField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { RESOURCE_CATEGORIES } from './catalog-enums.js';
import { createResourceBody, resourceValues, updateResourceBody, type ResourceValues } from './resource-form.js';
import { useCheckedForm } from './use-checked-form.js';

type Props =
  | { resource?: undefined; siteId: string; onSubmit(body: CreateResourceRequest): Promise<unknown> }
  | { resource: Resource; siteId?: undefined; onSubmit(body: UpdateResourceRequest): Promise<unknown> };

/** A pooled resource: name, category, how many exist, description. */
export function ResourceForm(props: Props) {
  const t = useT();
  const { values, set, errors, errorOf: err, submit, action } = useCheckedForm<ResourceValues, CreateResourceRequest | UpdateResourceRequest>(
    () => resourceValues(props.resource),
    (v) => (props.resource ? updateResourceBody(v, props.resource) : createResourceBody(v, props.siteId)),
    (body) => (props.onSubmit as (b: typeof body) => Promise<unknown>)(body),
  );
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="admin-grid">
        <TextField label={t('admin.resource.name')} name="name" required value={values.name} error={err('name')} onChange={(e) => set({ name: e.target.value })} />
        <SelectField label={t('admin.resource.category')} name="category" value={values.category} onChange={(e) => set({ category: e.target.value as ResourceValues['category'] })}>
          {RESOURCE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`admin.resourceCategory.${c}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('admin.resource.quantity')} name="quantity" type="number" inputMode="numeric" min={1} step={1} hint={t('admin.resource.quantity.hint')} value={values.quantity} error={err('quantity')} onChange={(e) => set({ quantity: e.target.value })} />
      </div>
      <TextArea label={t('admin.resource.description')} name="description" rows={2} value={values.description} error={err('description')} onChange={(e) => set({ description: e.target.value })} />
      {errors.form && <p className="field-error">{err('form')}</p>}
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {props.resource ? t('app.save') : t('admin.resource.create')}
        </button>
      </div>
    </form>
  );
}
