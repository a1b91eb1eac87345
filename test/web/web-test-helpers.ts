import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PROVISIONED_PASSWORD, provisionedUsername } from '../support/provision-user.js';
import type { TestServer } from '../support/test-server.js';
import { officeHours } from '../support/write-side.js';

/** The id of what a POST created (expects 201). */
export async function created(res: Promise<{ status: number; body: any }>): Promise<string> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

/** POST /sites as `admin`, in UTC; answers the id. */
export function createSite(server: TestServer, adminId: string, name: string): Promise<string> {
  return created(server.as(adminId, ['admin'])('POST', '/api/v1/sites', { body: { name, address: 'Rua das Flores 12', city: 'Porto', latitude: 41.14, longitude: -8.61, timeZone: 'UTC', kind: 'office' } }));
}

/**
 * POST /spaces: a meeting room open on weekdays 08:00–20:00 UTC; answers the id. With `photos`,
 * it gets that many copies of the picture the API draws for it (/media/spaces/<id>.svg, as the
 * demo spaces have), so pages show real images without anything leaving the machine.
 */
export async function createRoom(
  server: TestServer,
  adminId: string,
  siteId: string,
  room: { name: string; capacity: number; amenities: string[]; approvalRequired?: boolean; photos?: number },
): Promise<string> {
  const { name, capacity, amenities, approvalRequired = false, photos = 0 } = room;
  const admin = server.as(adminId, ['admin']);
  const spaceId = await created(
    admin('POST', '/api/v1/spaces', {
      body: { siteId, name, kind: 'meeting_room', capacity, amenities, description: `${name}, a meeting room for ${capacity}`, policy: { ...officeHours, approvalRequired } },
    }),
  );
  if (photos > 0) {
    const photoUrls = Array.from({ length: photos }, (_, i) => `/media/spaces/${spaceId}.svg${i ? `?v=${i}` : ''}`);
    const changed = await admin('PATCH', `/api/v1/spaces/${spaceId}`, { body: { photoUrls }, headers: { 'If-Match': '"0"' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  }
  return spaceId;
}

/** Signs in through the sign-in page and waits until the header names the person. */
export async function signIn(page: Page, baseUrl: string, login: string, password: string, displayName: string | RegExp): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('banner').getByRole('link', { name: displayName }).waitFor();
}

/** A provisioned account (server.tokenFor) signed in through the page. */
export function signInProvisioned(page: Page, baseUrl: string, userId: string): Promise<void> {
  const username = provisionedUsername(userId);
  return signIn(page, baseUrl, username, PROVISIONED_PASSWORD, `Test ${username}`);
}

/** The emailed `/<page>?token=…` link, pointed at this test server (PUBLIC_URL names another host). */
export function emailedLink(server: TestServer, mail: ParsedMail, page: string): string {
  const match = new RegExp(`https?://\\S+/${page}\\?token=[^\\s"<]+`).exec(mail.text ?? '');
  expect(match, `no /${page} link in the mail`).not.toBeNull();
  const link = new URL(match![0]);
  return `${server.baseUrl}${link.pathname}${link.search}`;
}

/** Fails with what the page logged as errors (console.error, uncaught) since the last check, and forgets them. */
export function expectNoPageErrors(errors: string[]): void {
  expect(errors.splice(0)).toEqual([]);
}

/** A page in a new browser context: UTC like the sites the tests make, so times read the same everywhere. */
export async function freshPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'UTC', viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  return { context, page: await context.newPage() };
}
