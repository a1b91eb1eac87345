import type { Problem } from './types.js';

/** A problem+json answer (or a network failure, status 0) as a throwable. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
  }

  get status(): number {
    return this.problem.status;
  }

  /** The short type name: `urn:reserva:problem:rule-violated` → `rule-violated`. */
  get kind(): string {
    return this.problem.type.split(':').pop() ?? this.problem.type;
  }

  static network(path: string, cause: unknown): ApiProblem {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ApiProblem({ type: 'urn:reserva:problem:network', title: 'Network error', status: 0, detail, instance: path });
  }
}

export function isProblemOfKind(err: unknown, kind: string): err is ApiProblem {
  return err instanceof ApiProblem && err.kind === kind;
}
