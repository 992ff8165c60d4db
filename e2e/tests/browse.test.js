// A visitor on a phone looks around without an account: from the front page to an initiative,
// on to an organisation in its alliance, a search among the organisations, the page about the
// data, a page that does not exist, and a login with a wrong password.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PHONE, checkA11y, clickAndLoad, closeContext, newContext, open, pathname, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

const INITIATIVE = 'Danmark spiser sammen'; // from the demo data

test('a visitor on a phone browses initiatives, organisations and the data sources', async () => {
  const context = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  const main = page.locator('main');

  await open(page, '/initiativer');
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: 'Alliancer med kollektiv effekt' }).waitFor();

  // An initiative and an organisation in its alliance.
  await clickAndLoad(page, main.getByRole('link', { name: INITIATIVE }));
  await checkA11y(page);
  assert.equal(pathname(page), '/initiativer/danmark-spiser-sammen');
  assert.equal(await main.getByRole('navigation').count(), 0, 'no administration links for visitors');
  const alliance = page.getByRole('region', { name: /Alliancen/ });
  const firstOrganisation = alliance.getByRole('row').nth(1).getByRole('link');
  const organisationName = (await firstOrganisation.innerText()).trim();
  await clickAndLoad(page, firstOrganisation);
  await checkA11y(page);
  assert.match(pathname(page), /^\/organisationer\/[a-z0-9-]+$/);
  await page.getByRole('heading', { level: 1, name: organisationName }).waitFor();
  await main.getByRole('link', { name: INITIATIVE }).waitFor();

  // Searching among the organisations.
  await clickAndLoad(page, page.locator('header').getByRole('link', { name: 'Aktører' }));
  await checkA11y(page);
  const search = page.getByRole('search');
  await search.getByRole('searchbox', { name: 'Søg' }).fill('mad');
  await clickAndLoad(page, search.getByRole('button', { name: 'Søg' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/organisationer');
  assert.equal(new URL(page.url()).searchParams.get('q'), 'mad');
  assert.equal(await search.getByRole('searchbox', { name: 'Søg' }).inputValue(), 'mad', 'the search is kept');
  await main.locator('.org-list').getByRole('link', { name: 'Danske Madklubber' }).waitFor();

  // Where the data comes from.
  await clickAndLoad(page, page.locator('footer').getByRole('link', { name: 'Om data og kilder' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/om-data');
  await page.getByRole('heading', { level: 1, name: 'Om data og kilder' }).waitFor();

  // A page that does not exist.
  const missing = await page.goto('/initiativer/findes-ikke');
  assert.equal(missing.status(), 404);
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: 'Siden findes ikke' }).waitFor();
  await clickAndLoad(page, main.getByRole('link', { name: /forside/i }));
  await checkA11y(page);
  assert.equal(pathname(page), '/');

  // A wrong password: the form says so and keeps the address.
  await clickAndLoad(page, page.locator('header').getByRole('link', { name: 'Log ind' }));
  await checkA11y(page);
  await page.getByLabel('E-mail').fill('borger@demo.rygrad.dk');
  await page.getByLabel('Adgangskode').fill('forkert-adgangskode');
  await clickAndLoad(page, main.getByRole('button', { name: 'Log ind' }), { status: 422 });
  await checkA11y(page);
  await page.getByRole('alert').filter({ hasText: 'E-mail eller adgangskode er forkert.' }).waitFor();
  assert.equal(await page.getByLabel('E-mail').inputValue(), 'borger@demo.rygrad.dk');
  assert.equal(await page.locator('header').getByRole('link', { name: 'Min konto' }).count(), 0);

  await closeContext(context);
});
