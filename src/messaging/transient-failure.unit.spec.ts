import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { isTransientFailure } from './transient-failure.js';

/** A server error as node-postgres raises it. */
function pgError(code: string, message = 'server error'): Error {
  const error = new pg.DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
}

/** A socket error as node raises it. */
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
}

describe('isTransientFailure', () => {
  it.each([
    ['08006 connection failure', pgError('08006')],
    ['08001 cannot establish connection', pgError('08001')],
    ['08P01 protocol violation (class 08)', pgError('08P01')],
    ['53300 too many connections', pgError('53300')],
    ['53100 disk full', pgError('53100')],
    ['57P01 admin shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash shutdown', pgError('57P02')],
    ['57P03 cannot connect now', pgError('57P03', 'the database system is starting up')],
    ['40001 serialization failure', pgError('40001')],
    ['40P01 deadlock detected', pgError('40P01')],
    ['ECONNREFUSED', socketError('ECONNREFUSED')],
    ['ECONNRESET', socketError('ECONNRESET')],
    ['ETIMEDOUT', socketError('ETIMEDOUT')],
    ['EPIPE', socketError('EPIPE')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['a connect that timed out', new Error('Connection terminated due to connection timeout')],
    ['a client broken by an earlier connection error', new Error('Client has encountered a connection error and is not queryable')],
    ['a connect to every address of a host refused', new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect failed')],
    ['a wrapped transient failure', new Error('could not apply', { cause: pgError('57P01') })],
  ])('%s is transient', (_, error) => {
    expect(isTransientFailure(error)).toBe(true);
  });

  it.each([
    ['23505 unique violation', pgError('23505')],
    ['22P02 invalid text representation', pgError('22P02')],
    ['42P01 undefined table', pgError('42P01')],
    ['40002 integrity constraint violation (class 40, not a retry)', pgError('40002')],
    ['54000 program limit exceeded', pgError('54000')],
    ['a handler bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a malformed message', new SyntaxError('Unexpected token } in JSON at position 12')],
    ['ENOENT', socketError('ENOENT')],
    ['an HTTP client error whose code is a status starting like a class', Object.assign(new Error('Service Unavailable'), { code: '530' })],
    ['an aggregate with a lasting failure among transient ones', new AggregateError([socketError('ECONNREFUSED'), pgError('42P01')], 'mixed')],
    ['a message that only mentions a connection', new Error('booking Connection terminated is not a valid purpose')],
    ['a string', 'Connection terminated unexpectedly'],
    ['undefined', undefined],
    ['null', null],
  ])('%s is not transient', (_, error) => {
    expect(isTransientFailure(error)).toBe(false);
  });

  it('does not loop on an error that is its own cause', () => {
    const error = new Error('odd') as Error & { cause?: unknown };
    error.cause = error;
    expect(isTransientFailure(error)).toBe(false);
  });
});
