/** A Monday (yyyy-mm-dd, UTC) at least a week away: bookings must lie in the future and within a policy's horizon. */
export function futureMonday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 + ((8 - d.getUTCDay()) % 7));
  return d.toISOString().slice(0, 10);
}

/** yyyy-mm-dd `n` days after `day` (n may be negative). */
export function dayAfter(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
