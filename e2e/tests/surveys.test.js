// A pupil answers the wellbeing survey on a phone: the class's code, one question per screen,
// a summary, then thanks; the same phone is then told kindly that it has answered. The backbone
// reads the results, where a class with fewer than five answers shows no numbers. Axe on each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, PHONE, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, useBrowser } from '../lib/browser.js';

const browser = useBrowser();

/** The codes of the open wave's classes, as backbone staff see them. */
async function openCodes() {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, DEMO_ADMIN);
  await open(page, '/initiativer/trivsel-lejre/undersoegelser');
  await checkA11y(page);
  const wave = page.locator('div.survey-wave').filter({ has: page.getByRole('heading', { name: /Måling 2026/ }) });
  const codes = await wave.locator('code').allInnerTexts();
  await closeContext(context);
  assert.ok(codes.length >= 12, `the open wave's twelve classes: ${codes.join(', ')}`);
  return codes;
}

test('a pupil answers on a phone, one question per screen, and only once', async () => {
  const [code] = await openCodes();
  const context = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  await open(page, '/svar');
  await checkA11y(page);
  await page.locator('#kode').fill(code.toLowerCase());
  await clickAndLoad(page, page.locator('main button[type=submit]'));
  for (let screen = 0; screen < 40; screen += 1) {
    if (await page.getByRole('button', { name: 'Send' }).count()) break;
    await page.locator('progress').waitFor();
    await checkA11y(page);
    const choice = page.locator('input[type=radio], input[type=checkbox]');
    if (await choice.count()) {
      await choice.last().check();
    } else {
      await page.locator('textarea, input[inputmode=decimal]').first().fill('3');
    }
    await clickAndLoad(page, page.getByRole('button', { name: 'Næste' }));
  }
  await checkA11y(page);
  await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));
  await page.getByRole('heading', { name: 'Tak for dine svar!' }).waitFor();
  await checkA11y(page);
  await open(page, `/svar/${code}`);
  assert.match(await page.locator('main').innerText(), /Du har allerede svaret/);
  await checkA11y(page);
  await closeContext(context);
});

test('the results hide a class with fewer than five answers', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, DEMO_ADMIN);
  await open(page, '/initiativer/trivsel-lejre/undersoegelser');
  await clickAndLoad(page, page.getByRole('link', { name: /resultat/i }).first());
  await checkA11y(page);
  assert.match(await page.locator('main').innerText(), /Wilson/);
  // one table per question, everyone first, a hidden class as a row without numbers
  const table = page.getByRole('table', { name: /andel pr\. svarmulighed/ }).first();
  const rows = table.locator('tbody tr');
  assert.equal(await rows.first().locator('th').innerText(), 'Alle');
  const hidden = rows.filter({ hasText: 'Færre end 5 svar' });
  assert.ok(await hidden.count() >= 1, 'a class with fewer than five answers');
  assert.deepEqual(await hidden.first().locator('td').allInnerTexts(), ['Færre end 5 svar']);
  assert.match(await rows.first().locator('td').nth(1).innerText(), /^\d+(,\d)? % \([\d,]+–[\d,]+\)$/, 'a share with its interval');
  // the free texts, collapsed per question until opened
  const texts = page.locator('details.survey-free-text').first();
  assert.equal(await texts.locator('li').first().isVisible(), false);
  await texts.locator('summary').click();
  await texts.locator('li').first().waitFor();
  await checkA11y(page);
  await closeContext(context);
});
