import { useId, useState, type KeyboardEvent } from 'react';
import type { CreateSpaceRequest, Space, UpdateSpaceRequest } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { describedBy, FieldFrame, SelectField, TextArea, TextField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { SPACE_KINDS } from './catalog-enums.js';
import { amenityKey, createSpaceBody, spaceValues, updateSpaceBody, type SpaceValues } from './space-form.js';
import { useCheckedForm } from './use-checked-form.js';

type Props = { known?: string[] } & (
  | { space?: undefined; siteId: string; onSubmit(body: CreateSpaceRequest): Promise<unknown> }
  | { space: Space; siteId?: undefined; onSubmit(body: UpdateSpaceRequest): Promise<unknown> }
);

/** Amenities and equipment as removable tags; Enter or the button adds what is typed. */
function AmenityInput({ value, onChange, known, error }: { value: string[]; onChange(next: string[]): void; known: string[]; error?: string }) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState('');
  const add = () => {
    const key = amenityKey(draft);
    if (key && !value.includes(key)) onChange([...value, key]);
    setDraft('');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      add();
    }
  };
  const hint = t('admin.space.amenities.hint');
  return (
    <FieldFrame label={t('admin.space.amenities')} hint={hint} error={error} id={id}>
      {value.length > 0 && (
        <ul className="admin-tags">
          {value.map((a) => (
            <li key={a} className="admin-tag">
              {a.replace(/_/g, ' ')}
              <button type="button" className="ghost" aria-label={t('admin.space.removeAmenity', { name: a.replace(/_/g, ' ') })} onClick={() => onChange(value.filter((x) => x !== a))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <input id={id} list={`${id}-known`} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onKey} aria-describedby={describedBy(id, { hint, error })} aria-invalid={error ? true : undefined} />
        <button type="button" className="secondary" onClick={add}>
          {t('admin.space.addAmenity')}
        </button>
      </div>
      <datalist id={`${id}-known`}>
        {known.filter((k) => !value.includes(k)).map((k) => (
          <option key={k} value={k.replace(/_/g, ' ')} />
        ))}
      </datalist>
    </FieldFrame>
  );
}

/** A space's name, kind, capacity, description, photos and amenities (the policy has its own editor). */
export function SpaceForm(props: Props) {
  const { space, known = [] } = props;
  const t = useT();
  const { values, set, errors, errorOf: err, submit, action, saved } = useCheckedForm<SpaceValues, CreateSpaceRequest | UpdateSpaceRequest>(
    () => spaceValues(space),
    (v) => (props.space ? updateSpaceBody(v, props.space) : createSpaceBody(v, props.siteId)),
    (body) => (props.onSubmit as (b: typeof body) => Promise<unknown>)(body),
  );
  const photos = values.photoUrls.split('\n').map((l) => l.trim()).filter(Boolean);
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="admin-grid">
        <TextField label={t('admin.space.name')} name="name" required value={values.name} error={err('name')} onChange={(e) => set({ name: e.target.value })} />
        <SelectField label={t('admin.space.kind')} name="kind" value={values.kind} onChange={(e) => set({ kind: e.target.value as SpaceValues['kind'] })}>
          {SPACE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.spaceKind.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('admin.space.capacity')} name="capacity" type="number" inputMode="numeric" min={1} step={1} hint={t('admin.space.capacity.hint')} value={values.capacity} error={err('capacity')} onChange={(e) => set({ capacity: e.target.value })} />
      </div>
      <TextArea label={t('admin.space.description')} name="description" rows={3} value={values.description} error={err('description')} onChange={(e) => set({ description: e.target.value })} />
      <AmenityInput value={values.amenities} known={known} error={err('amenities')} onChange={(amenities) => set({ amenities })} />
      <TextArea label={t('admin.space.photos')} name="photoUrls" rows={2} hint={t('admin.space.photos.hint')} value={values.photoUrls} error={err('photoUrls')} onChange={(e) => set({ photoUrls: e.target.value })} />
      {photos.length > 0 && (
        <ul className="admin-photos">
          {photos.map((url, i) => (
            <li key={`${i}:${url}`}>
              <img src={url} alt={t('admin.space.photo', { n: i + 1 })} loading="lazy" />
            </li>
          ))}
        </ul>
      )}
      {errors.form && <p className="field-error">{err('form')}</p>}
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {space ? t('app.save') : t('admin.space.create')}
        </button>
        <span aria-live="polite" className="admin-saved">
          {saved && space ? t('app.saved') : ''}
        </span>
      </div>
    </form>
  );
}
