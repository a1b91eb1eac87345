import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { PasswordHasher } from '../application/identity-ports.js';

export interface Argon2Params {
  /** KiB per lane. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet, argon2id option 1. */
export const DEFAULT_ARGON2: Argon2Params = Object.freeze({ memoryCost: 19456, timeCost: 2, parallelism: 1 });

/** Cheap parameters for tests only: still argon2id, just fast. */
export const FAST_TEST_ARGON2: Argon2Params = Object.freeze({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

// `Algorithm` is an ambient const enum, which isolatedModules cannot read: use its value.
const ARGON2ID = 2 as Algorithm.Argon2id;

export class Argon2PasswordHasher implements PasswordHasher {
  readonly description: string;

  constructor(private readonly params: Argon2Params = DEFAULT_ARGON2) {
    this.description = `argon2id m=${params.memoryCost} KiB, t=${params.timeCost}, p=${params.parallelism}`;
  }

  hash(password: string): Promise<string> {
    return hash(password, { ...this.params, algorithm: ARGON2ID });
  }

  /** The parameters come from the stored hash, so hashes made with older settings still verify. */
  async verify(storedHash: string, password: string): Promise<boolean> {
    try {
      return await verify(storedHash, password);
    } catch {
      // A malformed or foreign hash is a failed login, not a server error.
      return false;
    }
  }
}
