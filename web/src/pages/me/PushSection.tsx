import { useEffect, useState } from 'react';
import { ApiProblem } from '../../api/api-problem.js';
import { useT } from '../../i18n/i18n.js';
import { Spinner } from '../../ui/Loading.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import type { MeApi } from './me-api.js';
import { pushState, subscribePush, unsubscribePush, type PushState } from './push-subscription.js';

/** Web Push for this browser: on, off, blocked in the browser, or not possible here (no service worker, not https). */
export function PushSection({ api }: { api: MeApi }) {
  const t = useT();
  const [state, setState] = useState<PushState>();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [failure, setFailure] = useState('');
  useEffect(() => {
    pushState().then(setState, () => setState('unsupported'));
  }, []);
  const change = async (on: boolean) => {
    setPending(true);
    setProblem(undefined);
    setFailure('');
    try {
      setState(on ? await subscribePush(api) : await unsubscribePush(api));
    } catch (err) {
      // The server's refusals read as usual; the browser's own (no push service) as its message.
      if (err instanceof ApiProblem) setProblem(err);
      else setFailure(t('me.push.failed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setPending(false);
    }
  };
  return (
    <section className="card" aria-labelledby="me-push">
      <h2 id="me-push">{t('me.push.title')}</h2>
      {state === undefined ? (
        <Spinner />
      ) : state === 'unsupported' ? (
        <p className="muted">{t('me.push.unsupported')}</p>
      ) : state === 'denied' ? (
        <p className="warning">{t('me.push.denied')}</p>
      ) : (
        <>
          <p role="status">{t(state === 'on' ? 'me.push.on' : 'me.push.off')}</p>
          <button type="button" className={state === 'on' ? 'secondary' : undefined} disabled={pending} onClick={() => void change(state !== 'on')}>
            {t(state === 'on' ? 'me.push.disable' : 'me.push.enable')}
          </button>
        </>
      )}
      <ProblemMessage problem={problem} />
      {failure && (
        <p className="problem" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
