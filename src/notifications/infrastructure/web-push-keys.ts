import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import webpush from 'web-push';

/** The application server's VAPID identity (RFC 8292): browsers subscribe with the public key. */
export interface VapidKeys {
  /** Base64url, uncompressed P-256 point (65 bytes). */
  publicKey: string;
  /** Base64url, 32 bytes. */
  privateKey: string;
  /** `mailto:` or `https:` contact the push services may write to. */
  subject: string;
}

export interface VapidKeySource {
  /** Configured keys (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY): production always has them. */
  configured: { publicKey: string; privateKey: string } | undefined;
  subject: string;
  /** Where development keeps the pair it generates: `<dataDir>/web-push-vapid.json`. */
  dataDir: string;
}

export const VAPID_KEY_FILE = 'web-push-vapid.json';

/**
 * The VAPID keys, read once: the configured ones, else (development) a pair generated on first
 * use and kept in DATA_DIR, so subscriptions survive restarts and every process started from the
 * same DATA_DIR (npm start, separate entry points) signs with the same key. The file, not the
 * database: a private key does not belong in database dumps.
 */
export function vapidKeys(source: VapidKeySource): () => Promise<VapidKeys> {
  let keys: Promise<VapidKeys> | undefined;
  return () => {
    keys ??= (source.configured ? Promise.resolve(source.configured) : keptInDataDir(source.dataDir)).then((pair) => ({ ...pair, subject: source.subject }));
    // A failed read is tried again on the next call instead of being remembered.
    keys.catch(() => (keys = undefined));
    return keys;
  };
}

async function keptInDataDir(dataDir: string): Promise<{ publicKey: string; privateKey: string }> {
  const file = join(dataDir, VAPID_KEY_FILE);
  const existing = await readPair(file);
  if (existing) return existing;
  await mkdir(dataDir, { recursive: true });
  // Written aside, then linked into place: link fails when another process got there first,
  // and nobody ever reads a half-written file.
  const draft = `${file}.${randomUUID()}.tmp`;
  await writeFile(draft, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600 });
  try {
    await link(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  const kept = await readPair(file);
  if (!kept) throw new Error(`${file} does not hold a VAPID key pair; delete it to have a new one generated`);
  return kept;
}

async function readPair(file: string): Promise<{ publicKey: string; privateKey: string } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const { publicKey, privateKey } = JSON.parse(text) as { publicKey?: unknown; privateKey?: unknown };
  return typeof publicKey === 'string' && typeof privateKey === 'string' ? { publicKey, privateKey } : null;
}
