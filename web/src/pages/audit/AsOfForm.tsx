import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n.js';
import { instantFromLocalInput, localInputFromInstant } from '../../time/datetime-local.js';
import { TextField } from '../../ui/Field.js';

export interface AsOfQuestion {
  asOf: string;
  validAt?: string;
}

/**
 * "State as of" (system time) and optionally "held its space at" (valid time), typed on the
 * viewer's wall clock. An instant that came in exact (to the millisecond, from an event) stays
 * exact unless the field is edited: the input only shows whole seconds.
 */
export function AsOfForm({ timeZone, zoneLabel, asOf, validAt, onSubmit }: AsOfQuestion & { timeZone: string; zoneLabel: string; onSubmit(question: AsOfQuestion): void }) {
  const t = useT();
  const shown = (instant: string | undefined) => (instant ? localInputFromInstant(instant, timeZone) : '');
  const [asOfText, setAsOfText] = useState(() => shown(asOf));
  const [validText, setValidText] = useState(() => shown(validAt));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => setAsOfText(shown(asOf)), [asOf, timeZone]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => setValidText(shown(validAt)), [validAt, timeZone]); // eslint-disable-line react-hooks/exhaustive-deps

  const read = (text: string, before: string | undefined) => (before && text === shown(before) ? before : instantFromLocalInput(text, timeZone));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const asOfInstant = read(asOfText, asOf);
    const validInstant = validText ? read(validText, validAt) : undefined;
    setInvalid(!asOfInstant || validInstant === null);
    if (asOfInstant && validInstant !== null) onSubmit({ asOf: asOfInstant, ...(validInstant && { validAt: validInstant }) });
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <div className="audit-asof-fields">
        <TextField
          label={t('audit.asOf.label')}
          type="datetime-local"
          step={1}
          required
          value={asOfText}
          onChange={(e) => setAsOfText(e.target.value)}
          hint={t('audit.asOf.hint', { zone: zoneLabel })}
          error={invalid && !instantFromLocalInput(asOfText, timeZone) ? t('audit.asOf.invalid') : undefined}
        />
        <TextField label={t('audit.validAt.label')} type="datetime-local" step={1} value={validText} onChange={(e) => setValidText(e.target.value)} hint={t('audit.validAt.hint')} />
      </div>
      <div className="row">
        <button type="submit">{t('audit.asOf.submit')}</button>
        <button type="button" className="secondary" onClick={() => setAsOfText(shown(new Date().toISOString()))}>
          {t('audit.asOf.now')}
        </button>
      </div>
    </form>
  );
}
