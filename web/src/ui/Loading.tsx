import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/api-problem.js';
import { useT } from '../i18n/i18n.js';
import { ProblemMessage } from './ProblemMessage.js';

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label ?? t('app.loading')}</span>
    </span>
  );
}

/** The three states of loaded data: first load, failure (with retry) and the content. */
export function Loaded<T>({ state, children }: { state: { data: T | undefined; error: ApiProblem | undefined; loading: boolean; reload(): void }; children: (data: T) => ReactNode }) {
  const t = useT();
  if (state.error && state.data === undefined)
    return (
      <div>
        <ProblemMessage problem={state.error} />
        <button type="button" onClick={state.reload}>
          {t('app.retry')}
        </button>
      </div>
    );
  if (state.data === undefined) return <Spinner />;
  return <>{children(state.data)}</>;
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const t = useT();
  return <p className="empty">{children ?? t('app.none')}</p>;
}
