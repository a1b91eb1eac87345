/** Node socket errors of a peer that is away for now (down, restarting, unreachable for a moment). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/**
 * node-postgres reports a connection lost mid-query or mid-connect, a client left broken by one,
 * and a pool that found no connection in time with these messages and no code.
 */
const PG_CONNECTION_MESSAGES = /^(Connection terminated\b|Client has encountered a connection error|timeout exceeded when trying to connect)/;

/**
 * PostgreSQL SQLSTATEs that say "try again later", not "this message is bad": class 08
 * (connection exception), class 53 (insufficient resources: disk full, out of memory, too many
 * connections), 57P01–57P05 (admin/crash shutdown, cannot connect now, …), 40001 (serialization
 * failure) and 40P01 (deadlock detected).
 */
function isTransientSqlState(code: string): boolean {
  // Always five characters: other codes (an HTTP status as a string, say) must not look like one.
  if (!/^[0-9A-Z]{5}$/.test(code)) return false;
  return code.startsWith('08') || code.startsWith('53') || code.startsWith('57P0') || code === '40001' || code === '40P01';
}

/**
 * Whether `error` comes from the infrastructure being away for a while (PostgreSQL down,
 * restarting or overloaded, a connection cut) rather than from the message itself. A consumer
 * retries such failures for as long as they last and never dead-letters a message for them:
 * the same message succeeds once the database is back. Looks through `cause` and
 * AggregateError's `errors` (node's connect to a host with several addresses).
 */
export function isTransientFailure(error: unknown): boolean {
  return transient(error, 0);
}

function transient(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || isTransientSqlState(code))) return true;
  if (typeof message === 'string' && PG_CONNECTION_MESSAGES.test(message)) return true;
  if (cause !== undefined && transient(cause, depth + 1)) return true;
  return Array.isArray(errors) && errors.length > 0 && errors.every((e) => transient(e, depth + 1));
}
