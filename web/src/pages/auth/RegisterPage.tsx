import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { RegisteredAccount } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { browserTimeZone } from '../../time/zoned-time.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { fieldError, ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';

const ACCOUNT_TYPES = ['employee', 'client', 'guest', 'hotelier'] as const;

export default function RegisterPage() {
  const { t, locale } = useI18n();
  const [form, setForm] = useState({ email: '', username: '', displayName: '', password: '', accountType: 'client' });
  const [done, setDone] = useState<RegisteredAccount | null>(null);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const action = useAction(async () => {
    setDone(await api.post<RegisteredAccount>('/auth/register', { ...form, locale, timeZone: browserTimeZone() }));
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };
  if (done)
    return (
      <section className="auth-page">
        <PageHeader title={t('auth.register.doneTitle')} />
        <p role="status" className="notice">
          {t('auth.register.done', { email: form.email })}
        </p>
        <Link to="/sign-in">{t('app.signIn')}</Link>
      </section>
    );
  const err = (f: string) => fieldError(action.error, f);
  return (
    <section className="auth-page">
      <PageHeader title={t('auth.register.title')} />
      <form onSubmit={submit} className="card stack" noValidate>
        <TextField label={t('auth.email')} name="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} error={err('email')} />
        <TextField label={t('auth.username')} name="username" autoComplete="username" required value={form.username} onChange={set('username')} error={err('username')} hint={t('auth.usernameHint')} />
        <TextField label={t('auth.displayName')} name="displayName" autoComplete="name" required value={form.displayName} onChange={set('displayName')} error={err('displayName')} />
        <TextField label={t('auth.password')} name="password" type="password" autoComplete="new-password" required value={form.password} onChange={set('password')} error={err('password')} hint={t('auth.passwordHint')} />
        <SelectField label={t('auth.accountType')} name="accountType" value={form.accountType} onChange={set('accountType')}>
          {ACCOUNT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`auth.accountType.${type}`)}
            </option>
          ))}
        </SelectField>
        <ProblemMessage problem={action.error} />
        <div className="actions">
          <button type="submit" disabled={action.pending}>
            {t('app.register')}
          </button>
        </div>
      </form>
    </section>
  );
}
