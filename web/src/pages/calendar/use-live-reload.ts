import { useEffect, useRef } from 'react';
import { busyChangeAffects, useBusyStream, type BusySubject } from '../../live/busy-stream.js';

/** A burst of changes (a recurring series, a blackout over many bookings) becomes one refetch. */
const DEBOUNCE_MS = 250;

/** Reloads (debounced) when the busy intervals of the shown spaces change within the shown range. */
export function useLiveReload(subject: BusySubject, shownSpaceIds: readonly string[], range: { from: Date; to: Date }, reload: () => void): void {
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef({ shownSpaceIds, range, reload });
  latest.current = { shownSpaceIds, range, reload };
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useBusyStream(subject, (change) => {
    const { shownSpaceIds: ids, range: r } = latest.current;
    if (!busyChangeAffects(change, ids, r.from, r.to)) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => latest.current.reload(), DEBOUNCE_MS);
  });
}
