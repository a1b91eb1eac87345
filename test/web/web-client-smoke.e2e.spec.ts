import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { browserSuite, launchBrowser, saveScreenshot, skipBrowserTests, watchPageErrors } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe.skipIf(skipBrowserTests)(browserSuite('the web client, as the API process serves it'), () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    const buildError = inject('webBuildError');
    if (buildError) throw new Error(`web/dist could not be built (see the vite output above): ${buildError}`);
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the app at / with nothing in the console', async () => {
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    const response = await page.goto(`${server.baseUrl}/`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('link', { name: 'Reserva' }).first().isVisible()).toBe(true);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.title()).toMatch(/· Reserva$/);
    await saveScreenshot(page, 'home');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('answers a deep link with the app (client-side routing), which renders it', async () => {
    const home = await fetch(`${server.baseUrl}/`, { headers: { Accept: 'text/html' } });
    const deepLink = await fetch(`${server.baseUrl}/spaces/xyz`, { headers: { Accept: 'text/html' } });
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toBe(await home.text());

    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/spaces/xyz`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/spaces/xyz');
    await page.close();
  });
});
