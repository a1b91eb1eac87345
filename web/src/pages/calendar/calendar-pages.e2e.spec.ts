import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { browserSuite, launchBrowser, saveScreenshot, skipBrowserTests, watchPageErrors } from '../../../../test/support/browser.js';
import { dayAfter, futureMonday } from '../../../../test/support/future-day.js';
import { startTestServer, type TestServer } from '../../../../test/support/test-server.js';
import { createRoom, createSite, freshPage, signInProvisioned } from '../../../../test/web/web-test-helpers.js';

/** A Tuesday at least a week away, in UTC like the site and the browser. */
const DAY = dayAfter(futureMonday(), 1);
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

/** The calendar pages in Chromium against the real product serving web/dist. */
describe.skipIf(skipBrowserTests)(browserSuite('calendar pages in the browser'), () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const rooms = { a: 'Sala Alfa', b: 'Sala Beta' };
  const ids = { site: '', a: '', b: '', booker: randomUUID() };

  const open = async () => {
    const opened = await freshPage(browser);
    contexts.push(opened.context);
    return { page: opened.page, errors: watchPageErrors(opened.page) };
  };
  const loaded = (page: Page) => page.locator('[data-testid="calendar"][data-loading="false"]').waitFor();
  const busyAt = (page: Page, start: string) => page.getByTestId('calendar').locator(`[data-testid="busy-interval"][data-start="${start}"]`);
  const book = async (spaceId: string, start: string, end: string) => {
    const res = await server.as(ids.booker, ['booker'])('POST', '/api/v1/bookings', { body: { spaceId, start, end, participants: 2, purpose: 'Retro' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };
  /** Drags with the mouse from one cell to another of the same column. */
  const drag = async (page: Page, from: string, to: string) => {
    const [a, b] = [await page.locator(from).boundingBox(), await page.locator(to).boundingBox()];
    await page.mouse.move(a!.x + 4, a!.y + 3);
    await page.mouse.down();
    await page.mouse.move(b!.x + 4, b!.y + 3, { steps: 6 });
    await page.mouse.up();
  };

  beforeAll(async () => {
    const buildError = inject('webBuildError');
    if (buildError) throw new Error(`web/dist could not be built (see the vite output above): ${buildError}`);
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const admin = randomUUID();
    ids.site = await createSite(server, admin, 'Calendar HQ');
    [ids.a, ids.b] = await Promise.all([
      createRoom(server, admin, ids.site, { name: rooms.a, capacity: 6, amenities: [] }),
      createRoom(server, admin, ids.site, { name: rooms.b, capacity: 6, amenities: [] }),
    ]);
    await server.tokenFor(ids.booker, ['booker']);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it('shows a site’s spaces side by side; dragging over free time in one opens the booking form for it', async () => {
    const { page, errors } = await open();
    await page.goto(`${server.baseUrl}/calendar/sites/${ids.site}?view=day&date=${DAY}`);
    await loaded(page);
    expect(await page.getByRole('grid').getByRole('columnheader').allTextContents()).toEqual(['Time', rooms.a, rooms.b]);
    // Outside the weekday opening hours (08:00–20:00 UTC) the time is closed.
    expect(await page.locator(`[data-col="1"][data-time="07:45"]`).getAttribute('data-state')).toBe('closed');
    await drag(page, `[data-col="1"][data-time="10:00"]`, `[data-col="1"][data-time="10:45"]`);
    await page.waitForURL((url) => url.pathname === '/book');
    const query = new URL(page.url()).searchParams;
    expect({ spaceId: query.get('spaceId'), start: query.get('start'), end: query.get('end') }).toEqual({ spaceId: ids.b, start: at('10:00'), end: at('11:00') });
    expect(errors).toEqual([]);
  });

  it('turns time busy and free again live when someone books and cancels', async () => {
    const { page, errors } = await open();
    await page.goto(`${server.baseUrl}/calendar/sites/${ids.site}?view=day&date=${DAY}`);
    await loaded(page);
    expect(await busyAt(page, at('14:00')).count()).toBe(0);
    const bookingId = await book(ids.a, at('14:00'), at('15:30'));
    await busyAt(page, at('14:00')).waitFor();
    expect(await busyAt(page, at('14:00')).getAttribute('data-end')).toBe(at('15:30'));
    expect(await page.locator(`[data-col="0"][data-time="14:45"]`).getAttribute('data-state')).toBe('busy');
    await saveScreenshot(page, 'calendar-site-day');

    // Dragging across it is refused, and says so.
    await drag(page, `[data-col="0"][data-time="13:00"]`, `[data-col="0"][data-time="14:15"]`);
    await page.getByRole('status').filter({ hasText: 'overlaps busy' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/calendar/sites/${ids.site}`);

    const cancelled = await server.as(ids.booker, ['booker'])('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'moved' } });
    expect(cancelled.status).toBe(200);
    await expect.poll(() => busyAt(page, at('14:00')).count(), { timeout: 15_000 }).toBe(0);
    expect(errors).toEqual([]);
  });

  it('shows my bookings in my calendar by week and month, also at phone width', async () => {
    await book(ids.b, at('09:00'), at('10:00'));
    const { page, errors } = await open();
    await signInProvisioned(page, server.baseUrl, ids.booker);
    await page.getByRole('navigation').getByRole('link', { name: 'My calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'My calendar' }).waitFor();
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    for (let i = 0; i < 4 && (await page.locator(`[data-day="${DAY}"]`).count()) === 0; i++) await page.getByRole('button', { name: 'Next week' }).click();
    await loaded(page);
    const block = busyAt(page, at('09:00'));
    await block.waitFor();
    expect(await block.getAttribute('data-kind')).toBe('booking');
    expect(await block.textContent()).toContain(`Retro · ${rooms.b}`);
    await saveScreenshot(page, 'calendar-my-week');

    await page.getByRole('button', { name: 'Month', exact: true }).click();
    await page.getByRole('grid').getByRole('button', { name: /: 1 booking$/ }).waitFor();
    expect(new URL(page.url()).searchParams.get('view')).toBe('month');

    await page.setViewportSize({ width: 360, height: 780 });
    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await block.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await saveScreenshot(page, 'calendar-my-week-360');
    expect(errors).toEqual([]);
  });
});
