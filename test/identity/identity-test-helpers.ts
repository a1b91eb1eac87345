import { randomBytes } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import type { TestServer } from '../support/test-server.js';

/** What a person types at registration; every call gives a fresh email and username. */
export interface NewPerson {
  email: string;
  username: string;
  displayName: string;
  password: string;
  accountType?: 'employee' | 'client' | 'guest' | 'hotelier';
  locale?: string;
  timeZone?: string;
}

/** A tag unique to this run, for names that searches and mail predicates can pick out. */
export function uniqueTag(): string {
  return randomBytes(4).toString('hex');
}

export function newPerson(name: string, overrides: Partial<NewPerson> = {}): NewPerson {
  const tag = uniqueTag();
  return {
    email: `${name.toLowerCase()}.${tag}@example.test`,
    username: `${name.toLowerCase()}-${tag}`,
    displayName: `${name} ${tag}`,
    password: 'Velvet-Otter-Quarry-42',
    ...overrides,
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** POST /auth/register; answers the raw response. */
export function register(server: TestServer, person: NewPerson) {
  return server.anonymous('POST', '/api/v1/auth/register', { body: person });
}

/** Registers and answers the new user id (expects 201). */
export async function registered(server: TestServer, person: NewPerson): Promise<string> {
  const res = await register(server, person);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.userId as string;
}

export interface Tokens {
  userId: string;
  accessToken: string;
  refreshToken: string;
}

/** POST /auth/token; expects 200. */
export async function login(server: TestServer, loginName: string, password: string, headers: Record<string, string> = {}): Promise<Tokens> {
  const res = await server.anonymous('POST', '/api/v1/auth/token', { body: { login: loginName, password }, headers });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Tokens;
}

/** GET /users/me with this access token; answers the status (and profile). */
export function me(server: TestServer, accessToken: string) {
  return server.anonymous('GET', '/api/v1/users/me', { headers: bearer(accessToken) });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
}

/** Mail predicate: sent to `address`, optionally with this subject. */
export function mailTo(address: string, subject?: string): (mail: ParsedMail) => boolean {
  return (mail) => addresses(mail.to).includes(address.toLowerCase()) && (subject === undefined || mail.subject === subject);
}

/** The token of the emailed `/<page>?token=…` link. */
export function linkToken(mail: ParsedMail, page: 'verify-email' | 'reset-password'): string {
  const match = new RegExp(`/${page}\\?token=([^\\s"&<]+)`).exec(mail.text ?? '');
  expect(match, `no /${page} link in the mail`).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

/** Checks a 401 is a problem+json with a Bearer challenge. */
export function expectUnauthenticated(res: { status: number; headers: Headers; body: any }): void {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('www-authenticate')).toContain('Bearer');
  expect(res.body.status).toBe(401);
}
