/** inversify service identifiers. Only the container and entry points bind them to adapters. */
export const TOKENS = {
  Config: Symbol.for('reserva.Config'),
  EventStore: Symbol.for('reserva.EventStore'),
  /** pg.Pool for read models, idempotency keys and checkpoints. */
  ReadPool: Symbol.for('reserva.ReadPool'),
  Clock: Symbol.for('reserva.Clock'),
  IdGenerator: Symbol.for('reserva.IdGenerator'),
  Logger: Symbol.for('reserva.Logger'),
} as const;

export interface Clock {
  now(): Date;
}

export type IdGenerator = () => string;

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}
