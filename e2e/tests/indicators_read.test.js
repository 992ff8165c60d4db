// The alliance meeting opens with the dashboard: goals with their indicators and statuses, what
// changed and what is missing. From there an indicator's turn-the-curve page: the chart drawn
// on the server, and the same figures in a table beside it. Both pass axe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, useBrowser } from '../lib/browser.js';

const browser = useBrowser();

test('the dashboard leads to a turn-the-curve chart and its table', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, DEMO_ADMIN);
  await open(page, '/initiativer/trivsel-lejre/overblik');
  await checkA11y(page);
  const table = page.getByRole('table', { name: 'Indikatorer' });
  assert.ok((await table.locator('tbody tr').count()) >= 6, 'the demo alliance measures six indicators');

  await clickAndLoad(page, table.getByRole('link', { name: 'Elever med høj trivsel' }));
  await page.getByRole('heading', { level: 1, name: 'Elever med høj trivsel' }).waitFor();
  const chart = page.locator('main figure svg[role="img"]').first();
  assert.ok(await chart.isVisible(), 'the chart is drawn');
  const label = await chart.getAttribute('aria-labelledby');
  assert.ok(label, 'the chart is named for screen readers');
  const figures = page.locator('main table').first();
  assert.match(await figures.locator('caption').innerText(), /Lejre/);
  const rows = await figures.locator('tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => r.startsWith('2019')), `the baseline year is a row: ${rows.join(' | ')}`);
  assert.ok(rows.some((r) => /\d,\d/.test(r)), 'values with a decimal comma');
  await checkA11y(page);
  await closeContext(context);
});
