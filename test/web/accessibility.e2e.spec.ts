import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { uniqueTag } from '../identity/identity-test-helpers.js';
import { browserSuite, launchBrowser, skipBrowserTests, watchPageErrors } from '../support/browser.js';
import { dayAfter, futureMonday } from '../support/future-day.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createRoom, createSite, expectNoPageErrors, freshPage, signInProvisioned } from './web-test-helpers.js';

const DAY = dayAfter(futureMonday(), 2);
const START = `${DAY}T09:00:00.000Z`;
const END = `${DAY}T10:00:00.000Z`;
const PHONE = { width: 360, height: 780 };

/** Roles of the controls people operate: each must have an accessible name. */
const CONTROL_ROLES = new Set(['button', 'checkbox', 'combobox', 'listbox', 'menuitem', 'radio', 'searchbox', 'slider', 'spinbutton', 'switch', 'tab', 'textbox', 'link']);

interface AxNode {
  ignored: boolean;
  role?: { value?: string };
  name?: { value?: string };
  backendDOMNodeId?: number;
}

/**
 * The rendered controls Chromium itself finds no accessible name for (its accessibility tree:
 * labels, aria-label(ledby), title, content), each as the start of its HTML.
 */
async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const unnamed = nodes.filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? '') && !n.name?.value?.trim());
    return await Promise.all(
      unnamed.map(async (n) => {
        if (n.backendDOMNodeId === undefined) return `${n.role?.value} (no DOM node)`;
        const { outerHTML } = (await cdp.send('DOM.getOuterHTML', { backendNodeId: n.backendDOMNodeId })) as { outerHTML: string };
        return `${n.role?.value}: ${outerHTML.slice(0, 160)}`;
      }),
    );
  } finally {
    await cdp.detach();
  }
}

/** Basic checks a page must pass: named controls, one h1, alt on every image; then no sideways scrolling at phone width. */
async function expectAccessible(page: Page): Promise<void> {
  expect(await unnamedControls(page), 'controls without an accessible name').toEqual([]);
  expect(await page.getByRole('heading', { level: 1 }).count(), 'h1 headings').toBe(1);
  expect(await page.locator('img:not([alt])').evaluateAll((imgs) => imgs.map((i) => i.outerHTML.slice(0, 120))), 'images without alt').toEqual([]);
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  try {
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth), { timeout: 5_000, message: `${page.url()} scrolls sideways at 360 px` }).toBeLessThanOrEqual(PHONE.width);
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

describe.skipIf(skipBrowserTests)(browserSuite('accessibility of the main pages, in Chromium'), () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const siteName = `Lisboa Centro ${uniqueTag()}`;
  const roomName = 'Sala Tejo';
  const userId = randomUUID();
  let spaceId = '';

  const open = async () => {
    const opened = await freshPage(browser);
    contexts.push(opened.context);
    return opened.page;
  };
  const searchReady = (page: Page) => page.locator('[data-testid="search-results"][data-ready="true"]').getByRole('heading', { level: 3, name: roomName }).waitFor();

  beforeAll(async () => {
    const buildError = inject('webBuildError');
    if (buildError) throw new Error(`web/dist could not be built (see the vite output above): ${buildError}`);
    [server, browser] = await Promise.all([startTestServer({}, { messaging: true }), launchBrowser()]);
    const admin = randomUUID();
    const siteId = await createSite(server, admin, siteName);
    spaceId = await createRoom(server, admin, siteId, { name: roomName, capacity: 8, amenities: ['projector', 'whiteboard'], photos: 2 });
    await createRoom(server, admin, siteId, { name: 'Sala Sado', capacity: 4, amenities: ['display'] });
    // A booking of the person's own, so the inbox has a notification to show.
    const booked = await server.as(userId, ['booker'])('POST', '/api/v1/bookings', { body: { spaceId, start: START, end: END, participants: 4 } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it('the sign-in, search and space pages, as anyone sees them', async () => {
    const page = await open();
    const errors = watchPageErrors(page);
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectAccessible(page);

    await page.goto(`${server.baseUrl}/`);
    await searchReady(page);
    expect(await page.locator('[data-testid="search-results"] img').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    await page.goto(`${server.baseUrl}/spaces/${spaceId}`);
    await page.getByRole('heading', { level: 1, name: roomName }).waitFor();
    await page.getByTestId('calendar').waitFor();
    expect(await page.getByRole('main').locator('img').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    expectNoPageErrors(errors);
  });

  it('the booking form and the inbox, signed in', async () => {
    const page = await open();
    const errors = watchPageErrors(page);
    await signInProvisioned(page, server.baseUrl, userId);

    await page.goto(`${server.baseUrl}/book?spaceId=${spaceId}&start=${dayAfter(DAY, 1)}T09:00:00.000Z&end=${dayAfter(DAY, 1)}T10:00:00.000Z`);
    await page.getByTestId('booking-submit').waitFor();
    await page.locator('[data-testid="booking-preview"][data-state="done"]').waitFor();
    await expectAccessible(page);

    await page.goto(`${server.baseUrl}/me/inbox`);
    await page.getByTestId('inbox-item').first().waitFor();
    await expectAccessible(page);
    expectNoPageErrors(errors);
  });

  it('can be used with the keyboard: Tab reaches the search button and the first result, with a visible focus', async () => {
    const page = await open();
    await page.goto(`${server.baseUrl}/`);
    await searchReady(page);
    const reached = { search: false, firstResult: false, visibleFocus: false };
    for (let presses = 0; presses < 200 && !(reached.search && reached.firstResult); presses++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const searchButton = document.querySelector('form[role="search"] button[type="submit"]');
        const firstResult = document.querySelector('[data-testid="search-results"] a');
        const style = el ? getComputedStyle(el) : null;
        return { search: el === searchButton, firstResult: el === firstResult, outlined: !!style && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
      });
      if (focus.search) reached.visibleFocus = focus.outlined;
      reached.search ||= focus.search;
      reached.firstResult ||= focus.firstResult;
    }
    expect(reached).toEqual({ search: true, firstResult: true, visibleFocus: true });
    // Enter on the focused result opens that space.
    const href = await page.locator('[data-testid="search-results"] a').first().getAttribute('href');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === href);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: /^Sala / }).waitFor();
  });

  it('sets the lang attribute from the language switcher', async () => {
    const page = await open();
    await page.goto(`${server.baseUrl}/`);
    await searchReady(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const language = page.getByRole('banner').getByRole('combobox');
    await language.selectOption('pt');
    await page.getByRole('heading', { level: 1, name: 'Encontrar um espaço' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('pt');
    await language.selectOption('ru');
    await page.getByRole('heading', { level: 1, name: 'Найти помещение' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    // The choice survives a reload.
    await page.reload();
    await searchReady(page);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
  });
});
