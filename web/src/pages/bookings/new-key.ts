/**
 * A random Idempotency-Key. `crypto.randomUUID` exists only on secure origins (https, localhost);
 * `getRandomValues` everywhere, so a plain-http intranet address works too.
 */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
