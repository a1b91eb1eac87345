import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { browserSuite, launchBrowser, saveScreenshot, skipBrowserTests, watchPageErrors } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { login, mailTo, me, newPerson, registered } from './identity-test-helpers.js';

/** The emailed links open pages of the web client, which finish the job with the API. */
describe.skipIf(skipBrowserTests)(browserSuite('the pages that emailed links open'), () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    const buildError = inject('webBuildError');
    if (buildError) throw new Error(`web/dist could not be built: ${buildError}`);
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The emailed link, pointed at this test server (PUBLIC_URL says localhost, the server listens on 127.0.0.1). */
  function linkIn(text: string | undefined, page: string): string {
    const link = new URL(new RegExp(`https?://\\S+/${page}\\?token=[^\\s"<]+`).exec(text ?? '')![0]);
    return `${server.baseUrl}${link.pathname}${link.search}`;
  }

  it('verifies the address when the verification link is opened', async () => {
    const person = newPerson('Lia');
    await registered(server, person);
    const mail = await server.mail.waitForMail(mailTo(person.email));
    const page = await browser.newPage();
    const errors = watchPageErrors(page);
    await page.goto(linkIn(mail.text, 'verify-email'));
    await page.getByRole('status').filter({ hasText: 'verified' }).waitFor();
    await saveScreenshot(page, 'verify-email');
    expect(errors).toEqual([]);
    const { accessToken } = await login(server, person.email, person.password);
    expect((await me(server, accessToken)).body.emailVerified).toBe(true);
    await page.close();
  });

  it('sets a new password from the reset link, and the new one signs in through the page', async () => {
    const person = newPerson('Rui');
    await registered(server, person);
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/reset-password`);
    await page.getByLabel('Email').fill(person.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('status').waitFor();
    const resetMail = await server.mail.waitForMail((m) => mailTo(person.email)(m) && /reset-password/.test(m.text ?? ''));
    await page.goto(linkIn(resetMail.text, 'reset-password'));
    await page.getByLabel('New password').fill('Amber-Walrus-Lantern-77');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('status').filter({ hasText: 'password is changed' }).waitFor();

    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email or username').fill(person.username);
    await page.getByLabel('Password').fill('Amber-Walrus-Lantern-77');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: person.displayName }).waitFor();
    await page.close();
  });
});
