import type { Page } from 'playwright-core';
import { uniqueEmail, TEST_PASSWORD } from './auth';

/** The /app page as a person uses it, shared by the browser tests. */

/** Signs up on /app as `name` with a fresh email; returns the email. */
export async function signUpOnPage(page: Page, baseUrl: string, name: string): Promise<string> {
  const email = uniqueEmail('browser');
  await page.goto(`${baseUrl}/app`);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Notion workspaces' }).waitFor();
  return email;
}

/** From /app through the embedded sandbox's consent page; returns on the page Notion sent the browser to. */
export async function connectThroughConsent(page: Page, name: string, email: string, action: 'Allow access' | 'Cancel'): Promise<void> {
  // The workspaces panel's button (the notes panel offers its own until a workspace is connected).
  await page.locator('#signed-in').getByRole('button', { name: 'Connect Notion' }).click();
  await page.locator('#consent').waitFor();
  // The hosted identity: only this user, no list of other people, no "not you?".
  await expect(page.locator('#person').innerText()).resolves.toContain(`${name} <${email}>`);
  expect(await page.locator('#switch-person').count()).toBe(0);
  expect(await page.locator('select#workspace_id option').allInnerTexts()).toEqual([`${name}'s workspace`]);
  if (action === 'Allow access') await page.locator('input[name="page_ids"]').first().check();
  await page.getByRole('button', { name: action }).click();
  await page.waitForURL((url) => url.pathname === '/app');
}

/**
 * Elements that stick out past the viewport's edges (or make the page scroll sideways), or past the card
 * (`section`) they sit in, described as `tag#id.class "text"`; empty when the layout fits.
 */
export async function overflowingElements(page: Page): Promise<string[]> {
  // Runs in the page (a string: this project's TypeScript has no DOM types).
  return page.evaluate<string[]>(`(() => {
    const width = document.documentElement.clientWidth;
    const found = [];
    if (document.documentElement.scrollWidth > width) found.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
    for (const node of Array.from(document.body.querySelectorAll('*'))) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      const card = node.closest('section');
      const bounds = card && card !== node ? card.getBoundingClientRect() : { left: 0, right: width };
      const right = Math.min(width, bounds.right);
      const left = Math.max(0, bounds.left);
      if (box.right > right + 0.5 || box.left < left - 0.5) {
        const id = node.id ? '#' + node.id : '';
        const cls = typeof node.className === 'string' && node.className ? '.' + node.className.split(' ').join('.') : '';
        found.push(node.tagName.toLowerCase() + id + cls + ' "' + (node.textContent || '').trim().slice(0, 30) + '" ' +
          Math.round(box.left) + '–' + Math.round(box.right) + ' of ' + Math.round(left) + '–' + Math.round(right));
      }
    }
    return found;
  })()`);
}
