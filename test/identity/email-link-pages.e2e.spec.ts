import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { mailTo, newPerson, registered } from './identity-test-helpers.js';

describe('the pages that emailed links open', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the verification link as a page whose script verifies the token with the API', async () => {
    const person = newPerson('Lia');
    await registered(server, person);
    const mail = await server.mail.waitForMail(mailTo(person.email));
    const link = new URL(/https?:\/\/\S+\/verify-email\?token=[\w-]+/.exec(mail.text ?? '')![0]);
    expect(link.origin).toBe(new URL(server.baseUrl).origin.replace('127.0.0.1', 'localhost'));

    const page = await fetch(`${server.baseUrl}${link.pathname}${link.search}`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<script type="module" src="/placeholder.js"></script>');

    const script = await fetch(`${server.baseUrl}/placeholder.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const source = await script.text();
    expect(source).toContain("'/api/v1/auth/verify-email'");
    expect(source).toContain("'/api/v1/auth/password-reset/complete'");
  });
});
