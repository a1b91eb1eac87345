import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newPerson, mailTo, uniqueTag } from '../identity/identity-test-helpers.js';
import { browserSuite, launchBrowser, saveScreenshot, skipBrowserTests, watchPageErrors } from '../support/browser.js';
import { dayAfter, futureMonday } from '../support/future-day.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createRoom, createSite, emailedLink, expectNoPageErrors, freshPage, signIn, signInProvisioned } from './web-test-helpers.js';

/** A Tuesday at least a week away, in UTC like the site: inside every room's opening hours and booking horizon. */
const DAY = dayAfter(futureMonday(), 1);
const START = `${DAY}T10:00:00.000Z`;
const END = `${DAY}T11:00:00.000Z`;
const APPROVAL_START = `${DAY}T14:00:00.000Z`;
const APPROVAL_END = `${DAY}T15:00:00.000Z`;

/**
 * The journey in Chromium against the real product (API, projector, process manager,
 * notifications on the in-process bus) serving web/dist: register, find, book, watch it live
 * from a second browser, cancel, approve, and download a report. The steps build on each other.
 */
describe.skipIf(skipBrowserTests)(browserSuite('a booking journey through the web client'), () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const tag = uniqueTag();
  const siteName = `Porto Hub ${tag}`;
  const rooms = { eight: 'Sala Douro', four: 'Sala Foz', ten: 'Sala Ribeira', taken: 'Sala Porto', approval: 'Sala Nobre' };
  const ids = { site: '', eight: '', four: '', ten: '', taken: '', approval: '', manager: randomUUID(), analyst: randomUUID() };
  const person = newPerson('Marta');

  /** The first person's page, and the second browser's view of the room for 8 (anonymous: availability is public). */
  let booker: Page;
  let bookerErrors: string[];
  let watcher: Page;
  let watcherErrors: string[];
  let bookingUrl = '';

  const open = async () => {
    const opened = await freshPage(browser);
    contexts.push(opened.context);
    return opened.page;
  };
  /** The header's unread badge, and the count it shows (0 without a badge). */
  const unreadBadge = (page: Page) => page.getByRole('banner').getByRole('link', { name: /unread notification/ });
  const unreadCount = async (page: Page) => ((await unreadBadge(page).count()) ? Number(await unreadBadge(page).textContent()) : 0);
  let unreadBefore = 0;
  const busyAt = (page: Page, start: string) => page.getByTestId('calendar').locator(`[data-testid="busy-interval"][data-start="${start}"]`);

  beforeAll(async () => {
    const buildError = inject('webBuildError');
    if (buildError) throw new Error(`web/dist could not be built (see the vite output above): ${buildError}`);
    [server, browser] = await Promise.all([startTestServer({}, { messaging: true }), launchBrowser()]);
    const admin = randomUUID();
    ids.site = await createSite(server, admin, siteName);
    [ids.eight, ids.four, ids.ten, ids.taken, ids.approval] = await Promise.all([
      createRoom(server, admin, ids.site, { name: rooms.eight, capacity: 8, amenities: ['projector', 'whiteboard'], photos: 1 }),
      createRoom(server, admin, ids.site, { name: rooms.four, capacity: 4, amenities: ['projector'] }),
      createRoom(server, admin, ids.site, { name: rooms.ten, capacity: 10, amenities: ['whiteboard'] }),
      createRoom(server, admin, ids.site, { name: rooms.taken, capacity: 12, amenities: ['projector'] }),
      createRoom(server, admin, ids.site, { name: rooms.approval, capacity: 6, amenities: ['whiteboard'], approvalRequired: true }),
    ]);
    // Big enough and equipped, but someone else has it then: "free between" must leave it out.
    const other = await server.as(randomUUID(), ['booker'])('POST', '/api/v1/bookings', { body: { spaceId: ids.taken, start: START, end: END, participants: 6 } });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    await Promise.all([server.tokenFor(ids.manager, ['manager'], [ids.site]), server.tokenFor(ids.analyst, ['analyst'])]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it('registers a new person through the page, verifies the address from the mail, and signs them in', async () => {
    booker = await open();
    bookerErrors = watchPageErrors(booker);
    await booker.goto(`${server.baseUrl}/register`);
    await booker.getByLabel('Email').fill(person.email);
    await booker.getByLabel('Username').fill(person.username);
    await booker.getByLabel('Your name').fill(person.displayName);
    await booker.getByLabel('Password').fill(person.password);
    await booker.getByRole('button', { name: 'Create account' }).last().click();
    await booker.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();

    const mail = await server.mail.waitForMail(mailTo(person.email));
    await booker.goto(emailedLink(server, mail, 'verify-email'));
    await booker.getByRole('status').filter({ hasText: 'verified' }).waitFor();

    await signIn(booker, server.baseUrl, person.username, person.password, person.displayName);
    expectNoPageErrors(bookerErrors);
  });

  it('finds exactly the free room for 6 with a projector through the search filters', async () => {
    await booker.goto(`${server.baseUrl}/`);
    const filters = booker.getByRole('search');
    await filters.getByLabel('Site', { exact: true }).selectOption({ label: siteName });
    await filters.getByLabel('Kind of space').selectOption({ label: 'Meeting room' });
    await filters.getByLabel('People (at least)').fill('6');
    await filters.getByLabel('Date', { exact: true }).fill(DAY);
    await filters.getByLabel('From', { exact: true }).fill('10:00');
    await filters.getByLabel('To', { exact: true }).fill('11:00');
    await filters.getByRole('checkbox', { name: 'Projector', exact: true }).check();
    await filters.getByRole('button', { name: 'Search', exact: true }).click();

    await booker.waitForURL((url) => url.searchParams.get('freeFrom') === START && url.searchParams.get('freeTo') === END && url.searchParams.get('minCapacity') === '6');
    const results = booker.locator('[data-testid="search-results"][data-ready="true"]');
    await expect.poll(() => results.getByRole('heading', { level: 3 }).allTextContents(), { timeout: 15_000 }).toEqual([rooms.eight]);
    await booker.getByText('1 space free at that time').waitFor();
    await saveScreenshot(booker, 'journey-search-results');

    // The same search on a phone: one column, nothing wider than the screen.
    const phone = await booker.context().newPage();
    const phoneErrors = watchPageErrors(phone);
    await phone.setViewportSize({ width: 360, height: 780 });
    await phone.goto(booker.url());
    await phone.locator('[data-testid="search-results"][data-ready="true"]').getByRole('heading', { level: 3, name: rooms.eight }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await saveScreenshot(phone, 'journey-search-mobile-360');
    await phone.close();
    expectNoPageErrors([...bookerErrors, ...phoneErrors]);
  });

  it('opens the room in a second browser, which shows the slot free', async () => {
    watcher = await open();
    watcherErrors = watchPageErrors(watcher);
    await watcher.goto(`${server.baseUrl}/spaces/${ids.eight}?view=week&date=${DAY}`);
    await watcher.getByRole('heading', { level: 1, name: rooms.eight }).waitFor();
    const calendar = watcher.getByTestId('calendar');
    await calendar.waitFor();
    // Whatever week the page opens on, move to the booked day's week with the calendar's own buttons.
    for (let i = 0; i < 8 && (await calendar.locator(`[data-start="${START}"]`).count()) === 0; i++) {
      await calendar.getByRole('button', { name: 'Next week' }).click();
    }
    await calendar.locator(`[data-start="${START}"]`).first().waitFor();
    await expect.poll(() => busyAt(watcher, START).count()).toBe(0);
    // Marks this document: a reload would lose the mark.
    await watcher.evaluate(() => Object.assign(window, { journeyMark: 'not reloaded' }));
    await saveScreenshot(watcher, 'journey-space');
  });

  it('books the room through the form and sees the booking confirmed; the second browser sees the slot turn busy live', async () => {
    const card = booker.locator('[data-testid="search-results"]').getByRole('article').filter({ has: booker.getByRole('heading', { name: rooms.eight }) });
    await card.getByRole('link', { name: /^Book/ }).click();
    await booker.waitForURL((url) => url.pathname === '/book');
    const query = new URL(booker.url()).searchParams;
    expect({ spaceId: query.get('spaceId'), start: query.get('start'), end: query.get('end') }).toEqual({ spaceId: ids.eight, start: START, end: END });

    await booker.getByRole('heading', { level: 1, name: new RegExp(rooms.eight) }).waitFor();
    unreadBefore = await unreadCount(booker);
    await booker.getByLabel('Participants').fill('6');
    await booker.getByLabel(/^Purpose/).fill('Quarterly planning');
    await booker.locator('[data-testid="booking-preview"][data-state="done"]').getByText('Free. The booking would be confirmed at once.').waitFor();
    await saveScreenshot(booker, 'journey-booking-form');
    await booker.getByTestId('booking-submit').click();

    await booker.waitForURL((url) => /^\/bookings\/[0-9a-f-]{36}$/.test(url.pathname));
    bookingUrl = booker.url();
    await booker.getByRole('main').getByText('Confirmed', { exact: true }).first().waitFor();
    await saveScreenshot(booker, 'journey-booking');

    await busyAt(watcher, START).waitFor();
    expect(await busyAt(watcher, START).getAttribute('data-end')).toBe(END);
    expect(await watcher.evaluate(() => (window as unknown as { journeyMark?: string }).journeyMark)).toBe('not reloaded');
    expectNoPageErrors(bookerErrors);
  });

  it('shows the booking in the week view of my calendar, and a notification about it in the inbox and the unread badge', async () => {
    await booker.goto(`${server.baseUrl}/calendar/me?view=week&date=${DAY}`);
    await booker.locator('[data-testid="calendar"][data-view="week"]').waitFor();
    await busyAt(booker, START).waitFor();
    await expect.poll(() => busyAt(booker, START).textContent()).toContain(rooms.eight);
    await expect.poll(() => unreadCount(booker), { timeout: 15_000 }).toBeGreaterThan(unreadBefore);
    await saveScreenshot(booker, 'journey-week');

    await unreadBadge(booker).click();
    await booker.waitForURL((url) => url.pathname === '/me/inbox');
    await booker.getByTestId('inbox-item').filter({ hasText: new RegExp(`${rooms.eight}.*is confirmed`) }).waitFor();
    await saveScreenshot(booker, 'journey-inbox');
    expectNoPageErrors(bookerErrors);
  });

  it('cancels the booking; the second browser sees the slot free again live', async () => {
    await booker.goto(bookingUrl);
    await booker.getByRole('main').getByText('Confirmed', { exact: true }).first().waitFor();
    await booker.getByRole('main').getByRole('button', { name: 'Cancel booking' }).click();
    const dialog = booker.getByRole('dialog', { name: 'Cancel booking' });
    await dialog.getByLabel('Reason (optional)').fill('Plans changed');
    await dialog.getByRole('button', { name: 'Cancel the booking' }).click();
    await booker.getByRole('main').getByText('Cancelled', { exact: true }).first().waitFor();

    await expect.poll(() => busyAt(watcher, START).count(), { timeout: 15_000 }).toBe(0);
    expect(await watcher.evaluate(() => (window as unknown as { journeyMark?: string }).journeyMark)).toBe('not reloaded');
    expectNoPageErrors(bookerErrors);
    expectNoPageErrors(watcherErrors);
  });

  it('leaves a request for the room that needs approval pending; the manager approves it and the booking is confirmed', async () => {
    await booker.goto(`${server.baseUrl}/book?spaceId=${ids.approval}&start=${APPROVAL_START}&end=${APPROVAL_END}`);
    await booker.getByLabel('Participants').fill('4');
    await booker.locator('[data-testid="booking-preview"][data-state="done"]').getByText(/needs approval/).waitFor();
    expect(await booker.getByTestId('booking-submit').textContent()).toBe('Request booking');
    await booker.getByTestId('booking-submit').click();
    await booker.waitForURL((url) => /^\/bookings\/[0-9a-f-]{36}$/.test(url.pathname));
    const requestUrl = booker.url();
    await booker.getByRole('main').getByText('Awaiting approval', { exact: true }).first().waitFor();

    const manager = await open();
    const managerErrors = watchPageErrors(manager);
    await signInProvisioned(manager, server.baseUrl, ids.manager);
    await manager.goto(`${server.baseUrl}/staff/approvals`);
    const row = manager.getByTestId('approval-row').filter({ hasText: rooms.approval });
    await row.waitFor();
    await saveScreenshot(manager, 'journey-approvals');
    await row.getByRole('button', { name: 'Approve', exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await manager.getByText(`Approved: ${rooms.approval}`).waitFor();
    expectNoPageErrors(managerErrors);

    await booker.goto(requestUrl);
    await booker.getByRole('main').getByText('Confirmed', { exact: true }).first().waitFor();
    expectNoPageErrors(bookerErrors);
  });

  it("lets the analyst download the site's CSV report, with the header row and the booked room", async () => {
    const analyst = await open();
    const analystErrors = watchPageErrors(analyst);
    await signInProvisioned(analyst, server.baseUrl, ids.analyst);
    await analyst.goto(`${server.baseUrl}/analytics?from=${DAY}&to=${DAY}`);
    await analyst.getByLabel('Site', { exact: true }).selectOption({ label: siteName });
    await analyst.waitForURL((url) => url.searchParams.get('site') === ids.site);
    const download = analyst.getByRole('button', { name: 'Download CSV' }).first();
    await download.waitFor();
    await saveScreenshot(analyst, 'journey-analytics');

    const [file] = await Promise.all([analyst.waitForEvent('download'), download.click()]);
    expect(file.suggestedFilename()).toBe(`site-report-${ids.site}-${DAY}-${dayAfter(DAY, 1)}.csv`);
    const csv = await readFile(await file.path(), 'utf8');
    const [header, ...records] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/^record,siteId,spaceId,spaceName,/);
    expect(records.find((r) => r.includes(ids.approval))).toContain(rooms.approval);
    await analyst.getByRole('status').filter({ hasText: 'Saved site-report-' }).waitFor();
    expectNoPageErrors(analystErrors);
  });
});
