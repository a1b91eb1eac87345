import type { CreateSpaceRequest, Space, SpaceKind, UpdateSpaceRequest } from '../../api/types.js';
import { DEFAULT_POLICY } from './booking-policy.js';
import { checked, requiredText, wholeNumber, type Checked, type FormErrors } from './form-errors.js';

export interface SpaceValues {
  name: string;
  kind: SpaceKind;
  capacity: string;
  description: string;
  /** One URL or site path per line. */
  photoUrls: string;
  amenities: string[];
}

export function spaceValues(space?: Space): SpaceValues {
  return {
    name: space?.name ?? '',
    kind: space?.kind ?? 'meeting_room',
    capacity: space ? String(space.capacity) : '',
    description: space?.description ?? '',
    photoUrls: space?.photoUrls.join('\n') ?? '',
    amenities: space?.amenities ?? [],
  };
}

/** `Video conferencing` → `video_conferencing`, the spelling the catalogue uses. */
export function amenityKey(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

type SpaceFields = Required<Omit<UpdateSpaceRequest, 'policy'>>;

function spaceFields(values: SpaceValues): Checked<SpaceFields> {
  const errors: FormErrors = {};
  const capacity = wholeNumber(values.capacity, 1, 100_000);
  if (typeof capacity !== 'number') errors.capacity = capacity;
  const photoUrls = values.photoUrls.split('\n').map((l) => l.trim()).filter(Boolean);
  if (photoUrls.length > 50) errors.photoUrls = { key: 'admin.error.tooMany', vars: { max: 50 } };
  else if (photoUrls.some((u) => u.length > 2000)) errors.photoUrls = { key: 'admin.error.tooLong', vars: { max: 2000 } };
  const amenities = [...new Set(values.amenities.map(amenityKey).filter(Boolean))];
  if (amenities.length > 100) errors.amenities = { key: 'admin.error.tooMany', vars: { max: 100 } };
  else if (amenities.some((a) => a.length > 60)) errors.amenities = { key: 'admin.error.tooLong', vars: { max: 60 } };
  if (values.description.length > 5000) errors.description = { key: 'admin.error.tooLong', vars: { max: 5000 } };
  const body = {
    name: requiredText(errors, 'name', values.name, 200),
    kind: values.kind,
    capacity: typeof capacity === 'number' ? capacity : 0,
    description: values.description,
    photoUrls,
    amenities,
  };
  return checked(body, errors);
}

/** The form → POST /spaces, with the default booking policy (refined on the space's page). */
export function createSpaceBody(values: SpaceValues, siteId: string): Checked<CreateSpaceRequest> {
  const fields = spaceFields(values);
  return fields.errors ? fields : { body: { siteId, ...fields.body, policy: DEFAULT_POLICY } };
}

/** The form → PATCH /spaces/{id}: only what changed. */
export function updateSpaceBody(values: SpaceValues, space: Space): Checked<UpdateSpaceRequest> {
  const fields = spaceFields(values);
  if (fields.errors) return fields;
  const patch = Object.fromEntries(
    Object.entries(fields.body).filter(([k, v]) => JSON.stringify(space[k as keyof SpaceFields]) !== JSON.stringify(v)),
  ) as UpdateSpaceRequest;
  return Object.keys(patch).length > 0 ? { body: patch } : { errors: { form: { key: 'admin.error.nothingChanged' } } };
}
