import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n.js';
import { fieldError } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';
import type { Checked, FormErrors } from './form-errors.js';

/**
 * A staff form: its values, what `check` finds wrong with them before anything is sent, and
 * `send` run with the request body once nothing is. A field's error is the form's own, else the
 * server's about it (`apiField` where the API names it differently).
 */
export function useCheckedForm<V, B>(initial: V | (() => V), check: (values: V) => Checked<B>, send: (body: B) => Promise<unknown>) {
  const t = useT();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FormErrors>({});
  const [saved, setSaved] = useState(false);
  const action = useAction(async (body: B) => {
    await send(body);
    setSaved(true);
  });
  const set = (change: Partial<V>) => {
    setValues((v) => ({ ...v, ...change }));
    setSaved(false);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = check(values);
    setErrors(result.errors ?? {});
    if (result.body) void action.run(result.body);
  };
  const errorOf = (field: string, apiField = field): string | undefined => {
    const own = errors[field];
    return own ? t(own.key, own.vars) : fieldError(action.error, apiField);
  };
  /** `saved`: the last body was accepted and nothing was changed since. */
  return { values, setValues, set, errors, errorOf, submit, action, saved };
}
