// Choosing the language: the header's language button switches the whole site, and the choice
// is remembered (a cookie) across reloads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkA11y, clickAndLoad, closeContext, newContext, open, pathname, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

const htmlLang = (page) => page.locator('html').getAttribute('lang');

test('switching between Danish and English from the header', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const nav = page.getByRole('navigation', { name: /Hovedmenu|Main menu/ });

  await open(page, '/');
  await checkA11y(page);
  assert.equal(await htmlLang(page), 'da', 'a browser that asks for Danish gets Danish');
  await nav.getByRole('link', { name: 'Aktører' }).waitFor();

  await clickAndLoad(page, page.locator('header').getByRole('button', { name: 'English' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/', 'the language switch returns to the same page');
  assert.equal(await htmlLang(page), 'en');
  await nav.getByRole('link', { name: 'Organisations', exact: true }).waitFor();
  await nav.getByRole('link', { name: 'Initiatives', exact: true }).waitFor();

  await page.reload();
  await checkA11y(page);
  assert.equal(await htmlLang(page), 'en', 'the choice is remembered after a reload');
  await nav.getByRole('link', { name: 'Organisations', exact: true }).waitFor();

  // The choice follows to other pages too.
  await clickAndLoad(page, nav.getByRole('link', { name: 'Organisations', exact: true }));
  await checkA11y(page);
  assert.equal(await htmlLang(page), 'en');
  await page.getByRole('heading', { level: 1 }).filter({ hasText: /Organisations|Actors/i }).waitFor();

  await clickAndLoad(page, page.locator('header').getByRole('button', { name: 'Dansk' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/organisationer', 'back on the same page');
  assert.equal(await htmlLang(page), 'da');
  await nav.getByRole('link', { name: 'Aktører' }).waitFor();

  await closeContext(context);
});
