import type pg from 'pg';
import { ConflictError, NotFoundError } from '../../../shared/domain/errors.js';
import { DuplicateAccountError, type AccountRecord, type CredentialStore } from '../../application/identity-ports.js';

interface AccountRow {
  user_id: string;
  email: string;
  username: string;
  password_hash: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: string | null;
  recovery_code_hashes: string[];
  created_at: Date;
}

const ACCOUNT_COLUMNS = `user_id, email, username, password_hash, totp_secret, totp_pending_secret, totp_last_step, recovery_code_hashes, created_at`;

/** Login identifiers and secrets in `identity.accounts`; email and username are unique case-insensitively. */
export class PostgresCredentialStore implements CredentialStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(account: { userId: string; email: string; username: string; passwordHash: string }): Promise<void> {
    try {
      await this.pool.query(`INSERT INTO identity.accounts (user_id, email, username, password_hash) VALUES ($1, $2, $3, $4)`, [
        account.userId,
        account.email,
        account.username,
        account.passwordHash,
      ]);
    } catch (error) {
      throw asDuplicateAccountError(error);
    }
  }

  async findByLogin(emailOrUsername: string): Promise<AccountRecord | null> {
    // One account's username could equal another's email; the email match wins.
    const result = await this.pool.query<AccountRow>(
      `SELECT ${ACCOUNT_COLUMNS} FROM identity.accounts
        WHERE lower(email) = lower($1) OR lower(username) = lower($1)
        ORDER BY lower(email) = lower($1) DESC
        LIMIT 1`,
      [emailOrUsername],
    );
    return result.rows[0] ? toRecord(result.rows[0]) : null;
  }

  async findById(userId: string): Promise<AccountRecord | null> {
    const result = await this.pool.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM identity.accounts WHERE user_id = $1`, [userId]);
    return result.rows[0] ? toRecord(result.rows[0]) : null;
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.updateOne(userId, `password_hash = $2`, [passwordHash]);
  }

  async setPendingTwoFactorSecret(userId: string, secret: string | null): Promise<void> {
    await this.updateOne(userId, `totp_pending_secret = $2`, [secret]);
  }

  async enableTwoFactor(userId: string, confirmedSecret: string, recoveryCodeHashes: string[], usedStep: number): Promise<void> {
    // Only the secret the code was checked against becomes active: a set-up restarted meanwhile
    // (a new pending secret) makes this fail instead of activating a secret nobody confirmed.
    const result = await this.pool.query(
      `UPDATE identity.accounts
          SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, recovery_code_hashes = $2, totp_last_step = $3
        WHERE user_id = $1 AND totp_pending_secret = $4`,
      [userId, recoveryCodeHashes, usedStep, confirmedSecret],
    );
    if (result.rowCount === 0) throw new ConflictError('no two-factor enrolment is pending');
  }

  async disableTwoFactor(userId: string): Promise<void> {
    await this.updateOne(userId, `totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, recovery_code_hashes = '{}'`, []);
  }

  async useTotpStep(userId: string, step: number): Promise<boolean> {
    // Concurrent logins with the same code queue on the row lock; the second sees the new step and fails.
    const result = await this.pool.query(
      `UPDATE identity.accounts SET totp_last_step = $2
        WHERE user_id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)`,
      [userId, step],
    );
    return result.rowCount === 1;
  }

  async consumeRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE identity.accounts SET recovery_code_hashes = array_remove(recovery_code_hashes, $2)
        WHERE user_id = $1 AND $2 = ANY (recovery_code_hashes)`,
      [userId, codeHash],
    );
    return result.rowCount === 1;
  }

  async delete(userId: string): Promise<void> {
    // One statement, so erasure is all or nothing: the account, its pending emailed tokens and its
    // sessions (refresh tokens cascade) go together.
    await this.pool.query(
      `WITH tokens AS (DELETE FROM identity.one_time_tokens WHERE user_id = $1),
            sessions AS (DELETE FROM identity.sessions WHERE user_id = $1)
       DELETE FROM identity.accounts WHERE user_id = $1`,
      [userId],
    );
  }

  private async updateOne(userId: string, assignments: string, values: unknown[]): Promise<void> {
    const result = await this.pool.query(`UPDATE identity.accounts SET ${assignments} WHERE user_id = $1`, [userId, ...values]);
    if (result.rowCount === 0) throw new NotFoundError('account', userId);
  }
}

function toRecord(row: AccountRow): AccountRecord {
  return {
    userId: row.user_id,
    email: row.email,
    username: row.username,
    passwordHash: row.password_hash,
    twoFactor: {
      enabled: row.totp_secret !== null,
      secret: row.totp_secret,
      pendingSecret: row.totp_pending_secret,
      // bigint arrives as a string; TOTP steps stay far below 2^53.
      lastUsedStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
      recoveryCodeHashes: row.recovery_code_hashes,
    },
    createdAt: row.created_at,
  };
}

const UNIQUE_FIELDS: Record<string, 'email' | 'username'> = {
  accounts_email_key: 'email',
  accounts_username_key: 'username',
};

function asDuplicateAccountError(error: unknown): unknown {
  const { code, constraint } = error as { code?: string; constraint?: string };
  const field = code === '23505' && constraint ? UNIQUE_FIELDS[constraint] : undefined;
  return field ? new DuplicateAccountError(field) : error;
}
