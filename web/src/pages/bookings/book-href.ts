/** The booking form for a space (`/book`, read by BookPage), with the times and head count to start from when known. */
export function bookHref(spaceId: string, wish?: { start: string; end: string; participants?: number }): string {
  const query = new URLSearchParams({ spaceId });
  if (wish) {
    query.set('start', wish.start);
    query.set('end', wish.end);
    if (wish.participants !== undefined) query.set('participants', String(wish.participants));
  }
  return `/book?${query}`;
}
