import type { BookingPolicy } from '../../api/types.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { CheckboxField, TextField } from '../../ui/Field.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { WEEKDAYS, weekdayName, type Weekday } from '../spaces/opening-hours.js';
import { LIMITS, NUMBER_FIELDS, policyFromValues, policyValues, type NumberField, type PolicyValues } from './booking-policy.js';
import { useCheckedForm } from './use-checked-form.js';

const LABELS: Record<NumberField, { label: MessageKey; hint: MessageKey }> = {
  slotMinutes: { label: 'admin.policy.slotMinutes', hint: 'admin.policy.slotMinutes.hint' },
  minDurationMinutes: { label: 'admin.policy.minDurationMinutes', hint: 'admin.policy.minDurationMinutes.hint' },
  maxDurationMinutes: { label: 'admin.policy.maxDurationMinutes', hint: 'admin.policy.maxDurationMinutes.hint' },
  maxAdvanceDays: { label: 'admin.policy.maxAdvanceDays', hint: 'admin.policy.maxAdvanceDays.hint' },
  bufferMinutes: { label: 'admin.policy.bufferMinutes', hint: 'admin.policy.bufferMinutes.hint' },
  changeDeadlineMinutes: { label: 'admin.policy.changeDeadlineMinutes', hint: 'admin.policy.changeDeadlineMinutes.hint' },
};

/** Weekday names in the viewer's language. */
function weekdayNames(locale: string): Record<Weekday, string> {
  return Object.fromEntries(WEEKDAYS.map((day, i) => [day, weekdayName(i + 1, locale, 'long')])) as Record<Weekday, string>;
}

/**
 * Every field of a space's booking policy, explained in words. Sends `{ policy }` (the PATCH
 * body of /spaces/{id}); checks locally what the API would refuse, so mistakes show beside
 * their field before a round trip.
 */
export function PolicyEditor({ policy, onSave }: { policy: BookingPolicy; onSave(body: { policy: BookingPolicy }): Promise<unknown> }) {
  const { t, locale } = useI18n();
  const { values, set, errors, errorOf, submit, action, saved } = useCheckedForm(
    () => policyValues(policy),
    policyFromValues,
    (body: BookingPolicy) => onSave({ policy: body }),
  );
  const days = weekdayNames(locale);
  const setDay = (day: Weekday, windows: PolicyValues['hours'][Weekday]) => set({ hours: { ...values.hours, [day]: windows } });
  const copyMondayToWeekdays = () => {
    const monday = values.hours.mon;
    set({ hours: { ...values.hours, tue: monday.map((w) => ({ ...w })), wed: monday.map((w) => ({ ...w })), thu: monday.map((w) => ({ ...w })), fri: monday.map((w) => ({ ...w })) } });
  };

  return (
    <form className="admin-policy stack" onSubmit={submit} noValidate>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.policy.openingHours')}</legend>
        <CheckboxField label={t('admin.policy.alwaysOpen')} checked={values.alwaysOpen} onChange={(e) => set({ alwaysOpen: e.target.checked })} />
        {!values.alwaysOpen && (
          <>
            <p className="field-hint">{t('admin.policy.openingHours.hint')}</p>
            <ul className="admin-days">
              {WEEKDAYS.map((day) => (
                <li key={day} className="admin-day">
                  <span className="admin-day-name">{days[day]}</span>
                  <div className="admin-windows">
                    {values.hours[day].length === 0 && <span className="muted">{t('admin.policy.closed')}</span>}
                    {values.hours[day].map((w, i) => {
                      const error = errors[`hours.${day}.${i}`];
                      const errorId = `policy-${day}-${i}-error`;
                      return (
                        <div key={i} className="admin-window">
                          <input
                            type="time"
                            aria-label={t('admin.policy.opens', { day: days[day] })}
                            value={w.open}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? errorId : undefined}
                            onChange={(e) => setDay(day, values.hours[day].map((x, k) => (k === i ? { ...x, open: e.target.value } : x)))}
                          />
                          <span aria-hidden="true">–</span>
                          <input
                            type="time"
                            aria-label={t('admin.policy.closes', { day: days[day] })}
                            value={w.close}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? errorId : undefined}
                            onChange={(e) => setDay(day, values.hours[day].map((x, k) => (k === i ? { ...x, close: e.target.value } : x)))}
                          />
                          <button type="button" className="ghost" onClick={() => setDay(day, values.hours[day].filter((_, k) => k !== i))}>
                            {t('admin.policy.removeWindow')}
                            <span className="visually-hidden"> {days[day]}</span>
                          </button>
                          {error && (
                            <small id={errorId} className="field-error admin-window-error">
                              {errorOf(`hours.${day}.${i}`)}
                            </small>
                          )}
                        </div>
                      );
                    })}
                    {errors[`hours.${day}`] && <small className="field-error">{errorOf(`hours.${day}`)}</small>}
                  </div>
                  <button type="button" className="secondary admin-add-window" onClick={() => setDay(day, [...values.hours[day], { open: '09:00', close: '17:00' }])}>
                    {t('admin.policy.addWindow')}
                    <span className="visually-hidden"> {days[day]}</span>
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" className="ghost" onClick={copyMondayToWeekdays}>
              {t('admin.policy.copyMonday')}
            </button>
          </>
        )}
      </fieldset>
      <fieldset className="admin-fieldset">
        <legend>{t('admin.policy.rules')}</legend>
        <div className="admin-grid">
          {NUMBER_FIELDS.map((field) => (
            <TextField
              key={field}
              label={t(LABELS[field].label)}
              hint={t(LABELS[field].hint)}
              error={errorOf(field, `policy.${field}`)}
              name={field}
              inputMode="numeric"
              type="number"
              min={LIMITS[field].min}
              max={LIMITS[field].max}
              step={1}
              value={values[field]}
              onChange={(e) => set({ [field]: e.target.value })}
            />
          ))}
        </div>
        <div className="admin-check">
          <CheckboxField label={t('admin.policy.approvalRequired')} checked={values.approvalRequired} onChange={(e) => set({ approvalRequired: e.target.checked })} aria-describedby="policy-approval-hint" />
          <small id="policy-approval-hint" className="field-hint">
            {t('admin.policy.approvalRequired.hint')}
          </small>
        </div>
      </fieldset>
      {Object.keys(errors).length > 0 && (
        <p className="field-error" role="alert">
          {t('admin.error.fixFields')}
        </p>
      )}
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {t('admin.policy.save')}
        </button>
        <span aria-live="polite" className="admin-saved">
          {saved ? t('app.saved') : ''}
        </span>
      </div>
    </form>
  );
}
