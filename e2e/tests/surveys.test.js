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
  const text = await page.locator('main').innerText();
  assert.match(text, /Færre end 5 svar/);
  assert.match(text, /Wilson/);
  await closeContext(context);
});
