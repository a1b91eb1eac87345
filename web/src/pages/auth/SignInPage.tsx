import { useState, type FormEvent } from 'react';
import { isProblemOfKind } from '../../api/api-problem.js';
import { useSession } from '../../auth/session.js';
import { Link, useNavigate, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';

/** Only same-site paths: `next` comes from the URL and must not send people elsewhere. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const { query } = useRoute();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [secondFactor, setSecondFactor] = useState<'totp' | 'recoveryCode' | null>(null);
  const [code, setCode] = useState('');
  const action = useAction(async () => {
    const extra = secondFactor === 'totp' ? { totp: code.trim() } : secondFactor === 'recoveryCode' ? { recoveryCode: code.trim() } : {};
    try {
      await session.signIn({ login, password, ...extra });
      navigate(safeNext(query.get('next')), { replace: true });
    } catch (err) {
      if (isProblemOfKind(err, 'two-factor-required') && !secondFactor) {
        setSecondFactor('totp');
        return;
      }
      throw err;
    }
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };
  return (
    <section className="auth-page">
      <PageHeader title={t('auth.signIn.title')} />
      <form onSubmit={submit} className="card stack" noValidate>
        {!secondFactor ? (
          <>
            <TextField label={t('auth.login')} name="login" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} />
            <TextField label={t('auth.password')} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </>
        ) : (
          <>
            <p>{t(secondFactor === 'totp' ? 'auth.twoFactor.prompt' : 'auth.twoFactor.recoveryPrompt')}</p>
            <TextField
              label={t(secondFactor === 'totp' ? 'auth.twoFactor.code' : 'auth.twoFactor.recoveryCode')}
              name="code"
              autoComplete="one-time-code"
              inputMode={secondFactor === 'totp' ? 'numeric' : 'text'}
              autoFocus
              required
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <button type="button" className="ghost" onClick={() => { setSecondFactor(secondFactor === 'totp' ? 'recoveryCode' : 'totp'); setCode(''); }}>
              {t(secondFactor === 'totp' ? 'auth.twoFactor.useRecovery' : 'auth.twoFactor.useTotp')}
            </button>
          </>
        )}
        <ProblemMessage problem={action.error} />
        <div className="actions">
          <button type="submit" disabled={action.pending}>
            {t('app.signIn')}
          </button>
        </div>
        <p className="muted">
          <Link to="/reset-password">{t('auth.forgot')}</Link> · <Link to="/register">{t('app.register')}</Link>
        </p>
      </form>
    </section>
  );
}
