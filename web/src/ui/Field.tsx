import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/**
 * Label, control, hint and error wired together for screen readers: the control (somewhere in
 * `children`) has `id` and `aria-describedby={describedBy(id, …)}`. The fields below are built on it.
 */
export function FieldFrame({ label, hint, error, id, children }: FrameProps & { id: string; children: ReactNode }) {
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

/** The ids of the hint and the error FieldFrame shows, for the control's `aria-describedby`. */
export function describedBy(id: string, { hint, error }: Omit<FrameProps, 'label'>): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function TextField({ label, hint, error, ...input }: FrameProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldFrame label={label} hint={hint} error={error} id={input.id ?? id}>
      <input id={input.id ?? id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(input.id ?? id, { hint, error })} {...input} />
    </FieldFrame>
  );
}

export function TextArea({ label, hint, error, ...input }: FrameProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <FieldFrame label={label} hint={hint} error={error} id={input.id ?? id}>
      <textarea id={input.id ?? id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(input.id ?? id, { hint, error })} {...input} />
    </FieldFrame>
  );
}

export function SelectField({ label, hint, error, children, ...select }: FrameProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <FieldFrame label={label} hint={hint} error={error} id={select.id ?? id}>
      <select id={select.id ?? id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(select.id ?? id, { hint, error })} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ label, ...input }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="checkbox">
      <input type="checkbox" {...input} /> {label}
    </label>
  );
}
