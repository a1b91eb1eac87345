/** Half-open interval [start, end) in epoch milliseconds; back-to-back intervals do not overlap. */
export interface TimeRange {
  start: number;
  end: number;
}

export function overlaps(a: TimeRange, b: TimeRange): boolean {
  return a.start < b.end && b.start < a.end;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function fromIso(iso: string): number {
  return Date.parse(iso);
}

export const MINUTE = 60_000;
export const DAY = 86_400_000;
