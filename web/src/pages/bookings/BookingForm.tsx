import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { Booking, BookingDetails, BookingPreview, ChangeBookingRequest, Problem, RequestBookingRequest, Resource, Space } from '../../api/types.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { formatInstant, formatRange, zoneLabel } from '../../time/format.js';
import { useTime } from '../../time/use-time.js';
import { today } from '../../time/zoned-time.js';
import { CheckboxField, TextField } from '../../ui/Field.js';
import { Spinner } from '../../ui/Loading.js';
import { asProblem } from '../../ui/use-async.js';
import {
  changeBody,
  draftFieldOf,
  draftForRange,
  draftFromBooking,
  draftRange,
  requestBody,
  rezone,
  suggestedRange,
  withStartDate,
  type BookingDraft,
  type DraftField,
} from './booking-body.js';
import { BookingProblem, problemKind } from './BookingProblem.js';
import { issueText } from './issue-text.js';
import { newKey } from './new-key.js';
import { PolicySummary } from './PolicySummary.js';

/** What the form does with the server: a new booking, or a change of one at its revision. */
export type BookingFormPorts =
  | {
      mode: 'create';
      preview(body: RequestBookingRequest): Promise<BookingPreview>;
      /** The key is the same for a retry of the same body after no answer, new otherwise. */
      submit(body: RequestBookingRequest, idempotencyKey: string): Promise<Booking>;
    }
  | {
      mode: 'edit';
      booking: BookingDetails;
      preview(changes: ChangeBookingRequest, revision: number): Promise<BookingPreview>;
      submit(changes: ChangeBookingRequest, revision: number): Promise<Booking>;
    };

export interface BookingFormProps {
  ports: BookingFormPorts;
  space: Space;
  /** The pooled resources of the space's site. */
  resources: Resource[];
  /** Times and head count to start from (a new booking only); else the next hour. */
  initial?: { start?: string; end?: string; participants?: number };
  onSaved(booking: Booking): void;
  /** Edit mode: leave without saving. */
  onCancel?(): void;
  /** After a 412 (the booking changed meanwhile): load it afresh. */
  onReload?(): void;
  /** Quiet time after the last keystroke before the preview asks the server. */
  previewDelay?: number;
}

type PreviewState = { status: 'idle' } | { status: 'checking' } | { status: 'done'; result: BookingPreview } | { status: 'failed'; problem: Problem };
type ResourceLine = NonNullable<RequestBookingRequest['resources']>[number];

/** A refusal the same request would get again: the next attempt is a new one, with a new key. */
const settled = (p: Problem) => p.status >= 400 && p.status < 500 && !['idempotency-key-in-use', 'too-many-requests'].includes(problemKind(p));

const validInstant = (text: string | undefined) => (text && !Number.isNaN(Date.parse(text)) ? text : undefined);

function firstDraft(ports: BookingFormPorts, space: Space, zone: string, initial: BookingFormProps['initial']): BookingDraft {
  if (ports.mode === 'edit') return draftFromBooking(ports.booking, zone);
  const start = validInstant(initial?.start);
  const end = validInstant(initial?.end);
  const range = start && end ? { start, end } : suggestedRange(space);
  return draftForRange(range.start, range.end, zone, { participants: String(initial?.participants ?? 1) });
}

/**
 * Booking form for a new booking or a change: times in the viewer's zone (or the site's), purpose,
 * head count, privacy and pooled resources; a live preview of the server's verdict; and every
 * refusal told beside the inputs it concerns. The server stays the judge: submitting is always allowed.
 */
export function BookingForm({ ports, space, resources, initial, onSaved, onCancel, onReload, previewDelay = 400 }: BookingFormProps) {
  const { t, locale } = useI18n();
  const time = useTime();
  const id = useId();
  const editing = ports.mode === 'edit' ? ports.booking : undefined;
  const portsRef = useRef(ports);
  portsRef.current = ports;

  const zonesDiffer = time.timeZone !== space.timeZone;
  const [zoneChoice, setZoneChoice] = useState<'viewer' | 'site'>('viewer');
  const zone = zoneChoice === 'site' ? space.timeZone : time.timeZone;
  const [draft, setDraft] = useState(() => firstDraft(ports, space, time.timeZone, initial));
  const [multiDay, setMultiDay] = useState(() => draft.startDate !== draft.endDate);
  const [showDraftIssues, setShowDraftIssues] = useState(false);
  const [pending, setPending] = useState(false);
  const [refusal, setRefusal] = useState<{ problem: Problem; lines: readonly ResourceLine[] }>();
  const busy = useRef(false);
  const attempt = useRef<{ body: string; key: string; settled: boolean }>(undefined);

  const update = (next: (d: BookingDraft) => BookingDraft) => {
    setDraft(next);
    setRefusal(undefined);
  };

  // The site's list first, then anything the booking holds that the list no longer offers.
  const offered = resources.filter((r) => !r.retired || (draft.quantities[r.id] ?? 0) > 0);
  const order = resources.map((r) => r.id);
  const built = editing ? changeBody(draft, editing, zone, order) : requestBody(draft, space.id, zone, order);
  const body = built.ok ? built.body : undefined;
  const bodyKey = body ? JSON.stringify(body) : null;
  const unchanged = editing !== undefined && body !== undefined && Object.keys(body).length === 0;
  const lines: readonly ResourceLine[] = body?.resources ?? editing?.resources ?? [];

  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const previewSeq = useRef(0);
  useEffect(() => {
    const seq = ++previewSeq.current;
    if (!body || unchanged) {
      setPreview({ status: 'idle' });
      return undefined;
    }
    setPreview({ status: 'checking' });
    const timer = window.setTimeout(() => {
      const p = portsRef.current;
      const request = p.mode === 'create' ? p.preview(body as RequestBookingRequest) : p.preview(body, p.booking.revision);
      request.then(
        (result) => seq === previewSeq.current && setPreview({ status: 'done', result }),
        (err) => seq === previewSeq.current && setPreview({ status: 'failed', problem: asProblem(err).problem }),
      );
    }, previewDelay);
    return () => window.clearTimeout(timer);
    // The body's JSON stands for the body: a new object with the same content asks nothing new.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bodyKey, editing?.revision, previewDelay]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy.current) return;
    if (!body) {
      setShowDraftIssues(true);
      return;
    }
    if (unchanged) return;
    busy.current = true;
    setPending(true);
    setRefusal(undefined);
    const sentLines = lines;
    try {
      const p = portsRef.current;
      let saved: Booking;
      if (p.mode === 'create') {
        const json = JSON.stringify(body);
        if (!attempt.current || attempt.current.body !== json || attempt.current.settled) attempt.current = { body: json, key: newKey(), settled: false };
        saved = await p.submit(body as RequestBookingRequest, attempt.current.key);
      } else saved = await p.submit(body, p.booking.revision);
      // Stays busy: the page moves on, and a second click must not book again meanwhile.
      onSaved(saved);
    } catch (err) {
      const problem = asProblem(err).problem;
      if (attempt.current) attempt.current.settled = settled(problem);
      setRefusal({ problem, lines: sentLines });
      busy.current = false;
      setPending(false);
    }
  };

  const instant = (iso: string) => formatInstant(iso, locale, zone, 'dateTime');
  const errors = new Map<DraftField, string[]>();
  const addError = (field: DraftField, message: string) => errors.set(field, [...(errors.get(field) ?? []), message]);
  if (showDraftIssues && !built.ok) for (const issue of built.issues) addError(issue.field, t(issue.code === 'required' ? 'bookings.issue.required' : 'bookings.issue.wholeNumber'));
  for (const e of refusal?.problem.errors ?? []) {
    const field = draftFieldOf(e.field, refusal!.lines);
    if (field) addError(field, issueText(t, e.message, locale, instant));
  }
  const errorOf = (field: DraftField) => errors.get(field)?.join(' ');

  const targetName = (targetId: string) => (targetId === space.id ? space.name : resources.find((r) => r.id === targetId)?.name);
  const labelOf = (apiField: string, sent: readonly ResourceLine[]) => {
    const field = draftFieldOf(apiField, sent);
    if (field?.startsWith('resource:')) return targetName(field.slice('resource:'.length));
    const keys: Partial<Record<DraftField, MessageKey>> = { startTime: 'bookings.form.start', endTime: 'bookings.form.end', participants: 'bookings.form.participants', purpose: 'bookings.form.purpose', private: 'bookings.form.private', resources: 'bookings.form.resources' };
    const key = field ? keys[field] : apiField === 'spaceId' ? 'bookings.form.space' : undefined;
    return key ? t(key) : undefined;
  };
  const problemProps = { timeZone: zone, spaceId: space.id, targetName };

  const range = draftRange(draft, zone);
  const otherZone = zoneChoice === 'site' ? time.timeZone : space.timeZone;
  const setZone = (choice: 'viewer' | 'site') => {
    const next = choice === 'site' ? space.timeZone : time.timeZone;
    setZoneChoice(choice);
    setDraft((d) => rezone(d, zone, next));
  };
  const field = (name: keyof BookingDraft) => (e: { target: { value: string } }) => update((d) => ({ ...d, [name]: e.target.value }));
  const outcome = preview.status === 'done' && preview.result.acceptable ? preview.result.outcome : undefined;
  const submitLabel: MessageKey = editing ? 'bookings.form.save' : outcome === 'pending_approval' ? 'bookings.form.request' : 'bookings.form.book';

  return (
    <form className="bookings-form" onSubmit={submit} noValidate>
      <div className="card bookings-form-main">
        <fieldset>
          <legend>{t('bookings.form.when')}</legend>
          {zonesDiffer ? (
            <fieldset className="bookings-zone">
              <legend>{t('bookings.form.zone')}</legend>
              {(['viewer', 'site'] as const).map((choice) => (
                <label key={choice} className="checkbox">
                  <input type="radio" name={`${id}-zone`} checked={zoneChoice === choice} onChange={() => setZone(choice)} />
                  {t(choice === 'viewer' ? 'bookings.form.zoneViewer' : 'bookings.form.zoneSite', { zone: zoneLabel(choice === 'viewer' ? time.timeZone : space.timeZone, locale) })}
                </label>
              ))}
            </fieldset>
          ) : (
            <p className="muted">{t('time.yourZone', { zone: zoneLabel(zone, locale) })}</p>
          )}
          <div className="bookings-times">
            <TextField
              type="date"
              label={t(multiDay ? 'bookings.form.startDate' : 'bookings.form.date')}
              required
              min={today(zone)}
              value={draft.startDate}
              onChange={(e) => update((d) => (multiDay ? withStartDate(d, e.target.value) : { ...d, startDate: e.target.value, endDate: e.target.value }))}
              error={errorOf('startDate')}
            />
            <TextField type="time" label={t('bookings.form.start')} required step={space.policy.slotMinutes * 60} value={draft.startTime} onChange={field('startTime')} error={errorOf('startTime')} />
            {multiDay && <TextField type="date" label={t('bookings.form.endDate')} required min={draft.startDate} value={draft.endDate} onChange={field('endDate')} error={errorOf('endDate')} />}
            <TextField type="time" label={t('bookings.form.end')} required step={space.policy.slotMinutes * 60} value={draft.endTime} onChange={field('endTime')} error={errorOf('endTime')} />
          </div>
          <CheckboxField
            label={t('bookings.form.multiDay')}
            checked={multiDay}
            onChange={(e) => {
              const on = e.target.checked;
              setMultiDay(on);
              if (!on) update((d) => ({ ...d, endDate: d.startDate }));
            }}
          />
          {zonesDiffer && range && (
            <p className="bookings-zone-note" data-testid="booking-other-zone">
              {t('bookings.form.inOtherZone', { zone: zoneLabel(otherZone, locale), range: formatRange(range.start, range.end, locale, otherZone) })}
            </p>
          )}
        </fieldset>

        <fieldset>
          <legend>{t('bookings.form.details')}</legend>
          <div className="stack">
            <TextField label={t('bookings.form.purpose')} hint={t('bookings.form.purposeHint')} maxLength={500} value={draft.purpose} onChange={field('purpose')} error={errorOf('purpose')} />
            <TextField
              type="number"
              inputMode="numeric"
              min={1}
              max={space.capacity}
              label={t('bookings.form.participants')}
              hint={t('bookings.form.participantsHint', { count: space.capacity })}
              required
              value={draft.participants}
              onChange={field('participants')}
              error={errorOf('participants')}
            />
            {!editing && <CheckboxField label={t('bookings.form.privateHint')} checked={draft.private} onChange={(e) => update((d) => ({ ...d, private: e.target.checked }))} />}
            {errorOf('private') && <p className="field-error">{errorOf('private')}</p>}
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('bookings.form.resources')}</legend>
          {errorOf('resources') && <p className="field-error">{errorOf('resources')}</p>}
          {offered.length === 0 ? (
            <p className="muted">{t('bookings.form.noResources')}</p>
          ) : (
            <div className="bookings-resources">
              {offered.map((r) => (
                <TextField
                  key={r.id}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={r.quantity}
                  label={r.name}
                  hint={t('bookings.form.stock', { count: r.quantity, category: t(`bookings.category.${r.category}` as MessageKey) })}
                  title={r.description || undefined}
                  value={String(draft.quantities[r.id] ?? 0)}
                  onChange={(e) => {
                    const quantity = e.target.value === '' ? 0 : Number(e.target.value);
                    update((d) => ({ ...d, quantities: { ...d.quantities, [r.id]: quantity } }));
                  }}
                  error={errorOf(`resource:${r.id}`)}
                />
              ))}
            </div>
          )}
        </fieldset>
      </div>

      <div className="bookings-form-side">
        <section className="card" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`}>{t('bookings.preview.title')}</h2>
          <div aria-live="polite" data-testid="booking-preview" data-state={preview.status}>
            {preview.status === 'idle' && <p className="muted">{t(unchanged ? 'bookings.preview.unchanged' : 'bookings.preview.incomplete')}</p>}
            {preview.status === 'checking' && (
              <p className="bookings-checking">
                <Spinner label={t('bookings.preview.checking')} /> <span aria-hidden="true">{t('bookings.preview.checking')}</span>
              </p>
            )}
            {preview.status === 'done' &&
              (preview.result.acceptable ? (
                <p className={preview.result.outcome === 'pending_approval' ? 'warning' : 'notice'}>
                  {t(preview.result.outcome === 'pending_approval' ? 'bookings.preview.needsApproval' : editing ? 'bookings.preview.changeFine' : 'bookings.preview.free')}
                </p>
              ) : (
                preview.result.problems.map((problem, i) => <BookingProblem key={i} problem={problem} tone="warning" labelOf={(f) => labelOf(f, lines)} {...problemProps} />)
              ))}
            {preview.status === 'failed' && <BookingProblem problem={preview.problem} tone="warning" labelOf={(f) => labelOf(f, lines)} {...problemProps} />}
          </div>
          <p className="muted bookings-small">{t('bookings.preview.note')}</p>
        </section>

        <section className="card" aria-labelledby={`${id}-policy`}>
          <h2 id={`${id}-policy`}>{t('bookings.policy.title')}</h2>
          <PolicySummary space={space} />
        </section>

        <div data-testid="booking-status" className="bookings-status">
          <p role="status" className={pending ? undefined : 'visually-hidden'}>
            {pending ? t(editing ? 'bookings.form.saving' : 'bookings.form.sending') : ''}
          </p>
          {showDraftIssues && !built.ok && (
            <p className="problem" role="alert">
              {t('bookings.form.fixFields')}
            </p>
          )}
          {refusal && (
            <BookingProblem
              problem={refusal.problem}
              tone="error"
              labelOf={(f) => labelOf(f, refusal.lines)}
              placed={(f) => draftFieldOf(f, refusal.lines) !== undefined}
              onReload={onReload}
              {...problemProps}
            />
          )}
          {refusal && problemKind(refusal.problem) === 'network' && !editing && <p className="muted">{t('bookings.form.retrySafe')}</p>}
        </div>
        <div className="actions">
          <button type="submit" data-testid="booking-submit" disabled={pending || unchanged}>
            {t(submitLabel)}
          </button>
          {onCancel && (
            <button type="button" className="secondary" onClick={onCancel}>
              {t('bookings.form.discard')}
            </button>
          )}
        </div>
      </div>
    </form>
  );
}
