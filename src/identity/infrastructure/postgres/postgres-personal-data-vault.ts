import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Sealed } from '../../../shared/domain/sealed.js';
import { withTransaction } from '../../../shared/postgres/with-transaction.js';
import type { PersonalDataVault } from '../../application/identity-ports.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALING_KEYS_CACHED = 10_000;

/**
 * Per-person AES-256-GCM keys in `identity.person_keys` (crypto-shredding). The key owner's id
 * is the additional authenticated data, so a ciphertext relabelled to another person does not
 * open. Whatever cannot be opened — erased or missing key, relabelled or tampered data — opens
 * as null: projections render it as "personal data unavailable" rather than failing a batch.
 *
 * Keys for opening are never cached: a cache in this process would keep opening data after
 * another process erased the person. Keys for sealing are: data sealed with a key another
 * process has just deleted can never be opened either, so it is erased all the same; and it
 * spares every event a person causes a round trip for their key.
 */
export class PostgresPersonalDataVault implements PersonalDataVault {
  private readonly sealingKeys = new Map<string, Buffer>();

  constructor(private readonly pool: pg.Pool) {}

  async seal(personId: string, value: unknown): Promise<Sealed> {
    const plaintext = JSON.stringify(value);
    if (plaintext === undefined) throw new Error('sealed value must be JSON-serialisable');
    const key = await this.sealingKey(personId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(personId, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { keyOwner: personId, alg: 'A256GCM', iv: iv.toString('base64url'), data: data.toString('base64url') };
  }

  async open<T>(sealed: Sealed): Promise<T | null> {
    const key = await this.findKey(sealed.keyOwner);
    return key ? decrypt<T>(key, sealed) : null;
  }

  openMany<T>(sealed: readonly Sealed[]): Promise<(T | null)[]> {
    return openSealedMany<T>(this.pool, sealed);
  }

  async erase(personId: string): Promise<void> {
    this.sealingKeys.delete(personId);
    await this.withPersonLock(personId, async (client) => {
      await client.query('INSERT INTO identity.erased_persons (person_id) VALUES ($1) ON CONFLICT DO NOTHING', [personId]);
      await client.query('DELETE FROM identity.person_keys WHERE person_id = $1', [personId]);
    });
  }

  async isErased(personId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM identity.erased_persons WHERE person_id = $1', [personId]);
    return rowCount === 1;
  }

  private async sealingKey(personId: string): Promise<Buffer> {
    let key = this.sealingKeys.get(personId);
    if (!key) {
      key = (await this.findKey(personId)) ?? (await this.createKey(personId));
      this.sealingKeys.set(personId, key);
      if (this.sealingKeys.size > SEALING_KEYS_CACHED) this.sealingKeys.delete(this.sealingKeys.keys().next().value!);
    }
    return key;
  }

  private async findKey(personId: string): Promise<Buffer | null> {
    const { rows } = await this.pool.query<{ key: Buffer }>('SELECT key FROM identity.person_keys WHERE person_id = $1', [personId]);
    return rows[0]?.key ?? null;
  }

  /**
   * Creates the key unless the person was erased. Erase takes the same per-person lock: without
   * it a key created concurrently with an erase could survive it.
   */
  private async createKey(personId: string): Promise<Buffer> {
    const key = await this.withPersonLock(personId, async (client) => {
      await client.query(
        `INSERT INTO identity.person_keys (person_id, key)
         SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM identity.erased_persons WHERE person_id = $1)
         ON CONFLICT (person_id) DO NOTHING`,
        [personId, randomBytes(32)],
      );
      // Whoever won a concurrent first seal, everyone uses the stored key.
      const { rows } = await client.query<{ key: Buffer }>('SELECT key FROM identity.person_keys WHERE person_id = $1', [personId]);
      return rows[0]?.key ?? null;
    });
    if (!key) throw new Error(`person ${personId} was erased`);
    return key;
  }

  private withPersonLock<R>(personId: string, work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    return withTransaction(this.pool, work, { advisoryLock: `reserva.identity.person-key:${personId}` });
  }
}

/**
 * Opens sealed personal data with the owners' keys in one query, on any connection (a
 * projection opens it inside its own transaction). Null where the key is gone.
 */
export async function openSealedMany<T>(db: Pick<pg.ClientBase, 'query'>, sealed: readonly Sealed[]): Promise<(T | null)[]> {
  const owners = [...new Set(sealed.map((s) => s.keyOwner))];
  if (owners.length === 0) return [];
  const { rows } = await db.query<{ person_id: string; key: Buffer }>('SELECT person_id, key FROM identity.person_keys WHERE person_id = ANY($1::text[])', [owners]);
  const keys = new Map(rows.map((r) => [r.person_id, r.key]));
  return sealed.map((s) => {
    const key = keys.get(s.keyOwner);
    return key ? decrypt<T>(key, s) : null;
  });
}

function decrypt<T>(key: Buffer, sealed: Sealed): T | null {
  if (sealed.alg !== 'A256GCM') return null;
  const iv = Buffer.from(sealed.iv, 'base64url');
  const data = Buffer.from(sealed.data, 'base64url');
  if (iv.length !== IV_BYTES || data.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(sealed.keyOwner, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8')) as T;
  } catch {
    // Authentication failed: relabelled to another owner, or tampered with.
    return null;
  }
}
