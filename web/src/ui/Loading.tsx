import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/api-problem.js';
import { useT } from '../i18n/i18n.js';
import { PageHeader } from './PageHeader.js';
import { ProblemMessage } from './ProblemMessage.js';

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label ?? t('app.loading')}</span>
    </span>
  );
}

/** A load that failed, and a button to try it again. */
export function LoadFailure({ problem, onRetry }: { problem: ApiProblem; onRetry(): void }) {
  const t = useT();
  return (
    <div>
      <ProblemMessage problem={problem} />
      <button type="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}

/**
 * The three states of loaded data: first load, failure (with retry) and the content. A page whose
 * heading comes with its data gives `title`, the page's h1 until then.
 */
export function Loaded<T>({ state, title, children }: { state: { data: T | undefined; error: ApiProblem | undefined; loading: boolean; reload(): void }; title?: string; children: (data: T) => ReactNode }) {
  if (state.data !== undefined) return <>{children(state.data)}</>;
  return (
    <>
      {title && <PageHeader title={title} />}
      {state.error ? <LoadFailure problem={state.error} onRetry={state.reload} /> : <Spinner />}
    </>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const t = useT();
  return <p className="empty">{children ?? t('app.none')}</p>;
}
