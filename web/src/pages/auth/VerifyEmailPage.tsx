import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { Link, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { Spinner } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';

/** The page the emailed link opens: it spends the token once (StrictMode's second effect must not). */
export default function VerifyEmailPage() {
  const t = useT();
  const session = useSession();
  const token = useRoute().query.get('token') ?? '';
  const started = useRef(false);
  const [verified, setVerified] = useState(false);
  const { run, pending, error } = useAction(async () => {
    await api.post('/auth/verify-email', { token });
    setVerified(true);
    if (session.user) await session.reloadProfile();
  });
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run();
  }, [run]);
  return (
    <section className="auth-page">
      <PageHeader title={t('auth.verify.title')} />
      {pending && <Spinner />}
      <ProblemMessage problem={error} />
      {verified && (
        <p role="status" className="notice">
          {t('auth.verify.done')}
        </p>
      )}
      <Link to={session.user ? '/' : '/sign-in'}>{t(session.user ? 'app.home' : 'app.signIn')}</Link>
    </section>
  );
}
