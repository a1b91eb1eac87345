import { HttpProblem } from './problem/http-problem.js';

/** A strong ETag carrying an aggregate's stream revision. */
export function formatETag(revision: number): string {
  return `"${revision}"`;
}

const STRONG_REVISION = /^"(\d{1,15})"$/;

/**
 * `If-Match` → the expected revision for the command. Absent or `*` → no expectation.
 * Anything but one strong ETag we issued is a 400 (weak tags never match a revision).
 */
export function expectedRevisionOf(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const value = ifMatch.trim();
  if (value === '*') return undefined;
  const match = STRONG_REVISION.exec(value);
  if (!match) {
    throw new HttpProblem('invalid-request', 'If-Match must be one strong ETag as returned in the ETag header, e.g. "3".', {
      errors: [{ field: 'If-Match', message: 'expected one strong ETag such as "3"' }],
    });
  }
  return Number(match[1]);
}
