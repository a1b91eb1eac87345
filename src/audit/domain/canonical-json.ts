/**
 * The canonical JSON text of a value: object keys sorted (by UTF-16 code units), no
 * whitespace, `undefined` members left out as JSON.stringify does. Two equal values give the
 * same text whatever order their keys were built in, so a hash over it is reproducible.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
