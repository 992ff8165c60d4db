// A survey question feeds an indicator: the children's alliance's wellbeing survey gives the
// share of pupils who often or always like their class, with each value's 95 % interval drawn
// as a whisker and written in the table; backbone staff find the link's form from the chart.
// Both pages pass axe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, useBrowser } from '../lib/browser.js';

const browser = useBrowser();
const NAME = 'Elever, der tit eller altid kan lide at være i deres klasse';

test("a survey's share is on the turn-the-curve chart with its interval, and its link can be changed", async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, DEMO_ADMIN);
  await open(page, '/initiativer/trivsel-lejre/overblik');
  await clickAndLoad(page, page.getByRole('table', { name: 'Indikatorer' }).getByRole('link', { name: NAME }));
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor();
  assert.equal(await page.locator('main figure svg .ind-whisker').count(), 2, 'a whisker per closed wave');
  const rows = await page.locator('main table').first().locator('tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /\d+,\d–\d+,\d/.test(r)), `an interval in the table: ${rows.join(' | ')}`);
  await checkA11y(page);

  await clickAndLoad(page, page.getByRole('link', { name: 'Tal fra et spørgeskema' }));
  await page.getByRole('heading', { level: 1, name: 'Tal fra et spørgeskema' }).waitFor();
  const question = page.getByLabel('Spørgsmål');
  assert.match(await question.locator('option:checked').innerText(), /Kan du lide at være i din klasse/);
  assert.equal(await page.getByLabel('Svarmuligheder, der tæller').inputValue(), '4, 5');
  await checkA11y(page);
  await closeContext(context);
});
