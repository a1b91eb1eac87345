import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** Label, control, hint and error wired together for screen readers. */
function Frame({ label, hint, error, id, children }: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-error`} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}

function describedBy(id: string, { hint, error }: FieldFrame): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField({ label, hint, error, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <Frame label={label} hint={hint} error={error} id={input.id ?? id}>
      <input id={input.id ?? id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(input.id ?? id, { label, hint, error })} {...input} />
    </Frame>
  );
}

export function TextArea({ label, hint, error, ...input }: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <Frame label={label} hint={hint} error={error} id={input.id ?? id}>
      <textarea id={input.id ?? id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(input.id ?? id, { label, hint, error })} {...input} />
    </Frame>
  );
}

export function SelectField({ label, hint, error, children, ...select }: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <Frame label={label} hint={hint} error={error} id={select.id ?? id}>
      <select id={select.id ?? id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(select.id ?? id, { label, hint, error })} {...select}>
        {children}
      </select>
    </Frame>
  );
}

export function CheckboxField({ label, ...input }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="checkbox">
      <input type="checkbox" {...input} /> {label}
    </label>
  );
}
