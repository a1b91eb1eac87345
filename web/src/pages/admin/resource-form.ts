import type { CreateResourceRequest, Resource, ResourceCategory, UpdateResourceRequest } from '../../api/types.js';
import { checked, requiredText, wholeNumber, type Checked, type FormErrors } from './form-errors.js';

export interface ResourceValues {
  name: string;
  category: ResourceCategory;
  /** How many exist: bookings and blackouts share this stock. */
  quantity: string;
  description: string;
}

export function resourceValues(resource?: Resource): ResourceValues {
  return {
    name: resource?.name ?? '',
    category: resource?.category ?? 'equipment',
    quantity: resource ? String(resource.quantity) : '1',
    description: resource?.description ?? '',
  };
}

function resourceFields(values: ResourceValues): Checked<Required<UpdateResourceRequest>> {
  const errors: FormErrors = {};
  const quantity = wholeNumber(values.quantity, 1, 1_000_000);
  if (typeof quantity !== 'number') errors.quantity = quantity;
  if (values.description.length > 5000) errors.description = { key: 'admin.error.tooLong', vars: { max: 5000 } };
  const body = {
    name: requiredText(errors, 'name', values.name, 200),
    category: values.category,
    quantity: typeof quantity === 'number' ? quantity : 0,
    description: values.description,
  };
  return checked(body, errors);
}

/** The form → POST /resources. */
export function createResourceBody(values: ResourceValues, siteId: string): Checked<CreateResourceRequest> {
  const fields = resourceFields(values);
  return fields.errors ? fields : { body: { siteId, ...fields.body } };
}

/** The form → PATCH /resources/{id}: only what changed. */
export function updateResourceBody(values: ResourceValues, resource: Resource): Checked<UpdateResourceRequest> {
  const fields = resourceFields(values);
  if (fields.errors) return fields;
  const patch = Object.fromEntries(Object.entries(fields.body).filter(([k, v]) => resource[k as keyof UpdateResourceRequest] !== v)) as UpdateResourceRequest;
  return Object.keys(patch).length > 0 ? { body: patch } : { errors: { form: { key: 'admin.error.nothingChanged' } } };
}
