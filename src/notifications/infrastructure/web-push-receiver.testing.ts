/**
 * Test support: a push service on loopback and a browser's side of Web Push. It checks what a
 * real push service checks (VAPID JWT signature and audience, TTL, aes128gcm) and decrypts the
 * payload as a browser would (RFC 8291), with node:crypto and jose only — not with web-push,
 * the library under test.
 */
import { createECDH, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, jwtVerify, type JWTPayload } from 'jose';
import type { PushSubscriptionKeys } from '../application/delivery-ports.js';

/** A browser's subscription keys, with the private half the browser would keep. */
export interface TestBrowser {
  subscription(endpoint: string): PushSubscriptionKeys;
  /** The payload of an aes128gcm body (RFC 8188 with the RFC 8291 key schedule). */
  decrypt(body: Buffer): string;
}

export function testBrowser(): TestBrowser {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    subscription: (endpoint) => ({ endpoint, keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') } }),
    decrypt(body) {
      const salt = body.subarray(0, 16);
      const idLength = body[20]!;
      const serverKey = body.subarray(21, 21 + idLength);
      const record = body.subarray(21 + idLength);
      const shared = ecdh.computeSecret(serverKey);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), publicKey, serverKey]);
      const ikm = Buffer.from(hkdfSync('sha256', shared, auth, keyInfo, 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(record.subarray(record.length - 16));
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
      // The last record ends with the delimiter 0x02, then zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error('no last-record delimiter');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}

export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PushReceiver {
  /** `http://127.0.0.1:<port>`; endpoints are `${origin}/push/<anything>`. */
  origin: string;
  received: ReceivedPush[];
  /** Answers requests to `path` with `status` (e.g. 410, 503) instead of 201. */
  answer(path: string, status: number): void;
  /** Verifies the request's VAPID Authorization (RFC 8292) against `publicKey`: the JWT's claims. */
  verifyVapid(push: ReceivedPush, publicKey: string): Promise<JWTPayload>;
  close(): Promise<void>;
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      res.statusCode = answers.get(path) ?? 201;
      res.end(res.statusCode >= 400 ? 'refused by the test push service' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    answer: (path, status) => answers.set(path, status),
    async verifyVapid(push, publicKey) {
      const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(push.headers.authorization));
      if (!match) throw new Error(`not a VAPID Authorization header: ${push.headers.authorization}`);
      if (match[2] !== publicKey) throw new Error('the k= key is not the server key');
      const raw = Buffer.from(publicKey, 'base64url');
      const key = await importJWK({ kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, 'ES256');
      const { payload } = await jwtVerify(match[1]!, key, { audience: origin, algorithms: ['ES256'] });
      return payload;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
