import type { Browser, Page } from 'playwright-core';
import { bootApp, type TestApp } from '../support/app';
import { signUp } from '../support/auth';
import { browserAvailable, launchChromium } from '../support/browser';

/** Opens an operation in Swagger UI, runs it with "Try it out" → "Execute", returns the response code and body. */
async function execute(page: Page, operationId: string): Promise<{ code: string; body: string }> {
  const block = page.locator(`#operations-auth-${operationId}`);
  // Swagger UI may restore an operation already expanded (after a reload); only open a closed one.
  if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').first().click();
  await block.getByRole('button', { name: 'Try it out' }).click();
  await block.getByRole('button', { name: 'Execute' }).click();
  const row = block.locator('.live-responses-table .response').first();
  await row.waitFor();
  return {
    code: (await row.locator('.response-col_status').innerText()).trim(),
    body: await row.locator('.response-col_description pre').first().innerText(),
  };
}

if (browserAvailable()) {
  describe('Swagger UI, end to end with a bearer token (headless Chromium)', () => {
    let t: TestApp;
    let browser: Browser;
    let baseUrl: string;

    beforeAll(async () => {
      t = await bootApp();
      await t.app.listen(0, '127.0.0.1');
      baseUrl = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await t.close();
    });

    it('calls a protected endpoint after "Authorize" with the token, and gets 401 before', async () => {
      const user = await signUp(t, 'swagger');
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(8000);
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.goto(`${baseUrl}/docs`);
      await page.locator('#operations-auth-Auth_me').waitFor();
      const before = await execute(page, 'Auth_me');
      expect(before.code).toBe('401');
      expect(before.body).toContain('UNAUTHENTICATED');

      await page.getByRole('button', { name: 'Authorize' }).first().click();
      await page.locator('#auth-bearer-value').fill(user.token);
      const bearerForm = page.locator('.modal-ux form').filter({ has: page.locator('#auth-bearer-value') });
      await bearerForm.getByRole('button', { name: 'Apply credentials' }).click();
      // The form now offers to remove the credentials it holds: the token was accepted by the UI.
      await page.locator('.modal-ux').getByRole('button', { name: /logout|remove authorization/i }).first().waitFor();
      await page.locator('.modal-ux button.btn-done').first().click();

      // persistAuthorization keeps the token across a reload, as a user returning to /docs expects.
      await page.reload();
      await page.locator('#operations-auth-Auth_me').waitFor();
      const after = await execute(page, 'Auth_me');
      expect(after.code).toBe('200');
      expect(after.body).toContain(user.email);
      expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
      await context.close();
    });
  });
} else {
  describe('Swagger UI (browser tests)', () => {
    it('serves the UI page and its document without a browser on this machine', async () => {
      const t = await bootApp();
      const html = await t.http().get('/docs/');
      expect(html.status).toBe(200);
      expect(html.text).toContain('swagger-ui');
      expect((await t.http().get('/docs-json')).body.paths['/auth/me']).toBeDefined();
      await t.close();
    });
  });
}
