import type { AsyncState } from '../../ui/use-async.js';
import { useT } from '../../i18n/i18n.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';

/** A failed (re)load above the calendar, with a retry; the last good data stays drawn. */
export function LoadProblem({ state }: { state: Pick<AsyncState<unknown>, 'error' | 'reload'> }) {
  const t = useT();
  if (!state.error) return null;
  return (
    <div>
      <ProblemMessage problem={state.error} />
      <button type="button" className="secondary" onClick={state.reload}>
        {t('app.retry')}
      </button>
    </div>
  );
}
