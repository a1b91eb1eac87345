import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import { Link, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { fieldError, ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';

/** Without a token: ask for the emailed link. With the link's token: choose a new password. */
export default function ResetPasswordPage() {
  const t = useT();
  const token = useRoute().query.get('token');
  const [value, setValue] = useState('');
  const [done, setDone] = useState(false);
  const action = useAction(async () => {
    if (token) await api.post('/auth/password-reset/complete', { token, newPassword: value });
    else await api.post('/auth/password-reset', { email: value });
    setDone(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };
  return (
    <section className="auth-page">
      <PageHeader title={t(token ? 'auth.reset.chooseTitle' : 'auth.reset.title')} />
      {done ? (
        <>
          <p role="status" className="notice">
            {t(token ? 'auth.reset.changed' : 'auth.reset.sent')}
          </p>
          <Link to="/sign-in">{t('app.signIn')}</Link>
        </>
      ) : (
        <form onSubmit={submit} className="card stack" noValidate>
          {token ? (
            <TextField label={t('auth.newPassword')} type="password" autoComplete="new-password" required value={value} onChange={(e) => setValue(e.target.value)} error={fieldError(action.error, 'newPassword')} hint={t('auth.passwordHint')} />
          ) : (
            <TextField label={t('auth.email')} type="email" autoComplete="email" required value={value} onChange={(e) => setValue(e.target.value)} error={fieldError(action.error, 'email')} />
          )}
          <ProblemMessage problem={action.error} />
          <div className="actions">
            <button type="submit" disabled={action.pending}>
              {t(token ? 'auth.reset.submitNew' : 'auth.reset.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
