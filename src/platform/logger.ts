import type { Logger } from './tokens.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: Infinity };

/** Keys whose values are never written, at any depth (passwordHash, accessToken, set-cookie, x-api-key…). */
const SECRET_KEY = /passw(or)?d|passphrase|^pwd$|token|secret|authorization|cookie|hash|api[-_]?key|private[-_]?key|credential|totp|recovery[-_]?code/i;
/** `scheme://user:password@` inside any string: keep the user, drop the password. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^/\s]*@/gi;

export const REDACTED = '[redacted]';

export interface JsonLoggerOptions {
  level?: LogLevel;
  /** Where each JSON line goes; stdout by default. */
  write?: (line: string) => void;
  /** Fields added to every line, e.g. `{ service: 'api' }`. */
  base?: Record<string, unknown>;
  now?: () => Date;
}

export interface JsonLogger extends Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: Record<string, unknown>): JsonLogger;
}

/** A logger that writes one JSON object per line: `{"time","level","msg",...fields}`, secrets redacted. */
export function createJsonLogger(options: JsonLoggerOptions = {}): JsonLogger {
  const threshold = SEVERITY[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const base = options.base ?? {};

  const log = (level: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Record<string, unknown>) => {
    if (SEVERITY[level] < threshold) return;
    const line: Record<string, unknown> = { time: now().toISOString(), level, msg: maskUrlPasswords(msg) };
    // Fields never overwrite the three keys every line starts with.
    for (const [key, value] of Object.entries(redact({ ...base, ...fields }) as Record<string, unknown>)) if (!(key in line)) line[key] = value;
    write(JSON.stringify(line));
  };

  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createJsonLogger({ ...options, base: { ...base, ...fields } }),
  };
}

/** Replaces the password of every `scheme://user:password@` in the text with `***`. */
export function maskUrlPasswords(text: string): string {
  return text.replace(URL_PASSWORD, '$1***@');
}

/** A JSON-safe deep copy with secret-named keys replaced, URL passwords masked, errors and bigints made readable. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return maskUrlPasswords(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (value instanceof Map) return redact(Object.fromEntries(value), seen);
  if (value instanceof Set) return redact([...value], seen);
  const source: Record<string, unknown> = value instanceof Error ? errorFields(value) : (value as Record<string, unknown>);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) out[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, seen);
  return out;
}

function errorFields(error: Error): Record<string, unknown> {
  // Own enumerable fields carry details such as `kind`, `issues` or pg's `code`.
  return { ...error, name: error.name, message: error.message, stack: error.stack, ...(error.cause !== undefined ? { cause: error.cause } : {}) };
}
