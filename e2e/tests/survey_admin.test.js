// Backbone staff build a survey in the browser without JavaScript: from the loneliness
// template, a question edited (a bad key first, shown beside its field), a wave and a group
// added, the group's code, QR code and poster opened, the wave closed and opened again; then
// the group's code answers at /svar/{code}. Axe on each.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, pathname, unique, useBrowser } from '../lib/browser.js';

const browser = useBrowser();

test('a survey is built from a template, given a wave and a group, and answered by its code', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, DEMO_ADMIN);
  await open(page, '/initiativer/trivsel-lejre/undersoegelser');
  await clickAndLoad(page, page.getByRole('link', { name: 'Nyt spørgeskema' }));
  await checkA11y(page);
  const title = `Ensomhed ${unique()}`;
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel(/Skabelonen om ensomhed/).check();
  await clickAndLoad(page, page.getByRole('button', { name: 'Opret' }));
  assert.match(pathname(page), /\/undersoegelser\/\d+\/rediger$/);
  await checkA11y(page);

  // a bad key is refused beside its field, the text typed kept
  const first = page.getByRole('group', { name: 'Spørgsmål 1' });
  await first.getByLabel('Nøgle').fill('Mangler Selskab!');
  await first.getByLabel('Spørgsmålet på dansk').fill('Hvor tit mangler du nogen at være sammen med?');
  await clickAndLoad(page, page.getByRole('button', { name: 'Gem' }).first(), { status: 422 });
  await checkA11y(page);
  assert.match(await page.locator('#q0-key-error').innerText(), /små bogstaver/);
  assert.equal(await page.locator('#q0-key').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#q0-text').inputValue(), 'Hvor tit mangler du nogen at være sammen med?');
  await page.locator('#q0-key').fill('mangler_selskab');
  await clickAndLoad(page, page.getByRole('button', { name: 'Gem' }).first());
  await checkA11y(page);
  const survey = pathname(page);
  assert.match(survey, /\/undersoegelser\/\d+$/);

  await page.getByLabel('Rundens navn').fill(`Runde ${unique()}`);
  await page.getByLabel(/0-punktsmåling/).check();
  await clickAndLoad(page, page.getByRole('button', { name: 'Tilføj runde' }));
  await checkA11y(page);
  await page.getByLabel(/Ny gruppe i/).fill('5.A');
  await clickAndLoad(page, page.getByRole('button', { name: /Tilføj gruppe/ }));
  await checkA11y(page);
  const code = (await page.locator('main table code').first().innerText()).trim();
  assert.match(code, /^[A-Z2-9]{6}$/);

  await clickAndLoad(page, page.getByRole('link', { name: /Vis kode og plakat/ }));
  await checkA11y(page);
  assert.equal((await page.locator('.survey-code-big').innerText()).trim(), code);
  assert.ok(await page.locator('img.survey-qr').evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code shows');
  const pdfLink = page.getByRole('link', { name: /Hent plakaten som PDF/ });
  const pdf = await page.request.get(await pdfLink.getAttribute('href'));
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).equals(Buffer.from('%PDF-')));
  await open(page, survey);
  await checkA11y(page);
  await clickAndLoad(page, page.getByRole('link', { name: /Luk runden/ }));
  await checkA11y(page);
  // closed, then opened again for the pupil below
  await clickAndLoad(page, page.getByRole('button', { name: /Ja, luk runden/ }));
  await checkA11y(page);
  await clickAndLoad(page, page.getByRole('button', { name: /Genåbn runden/ }));
  assert.match(await page.locator('body').innerText(), /er åben igen/);
  await page.getByRole('link', { name: /Luk runden/ }).waitFor();
  await checkA11y(page);
  await open(page, `${survey}/rediger`);
  await checkA11y(page);
  assert.equal(await page.locator('#q0-text').inputValue(), 'Hvor tit mangler du nogen at være sammen med?');
  await closeContext(context);

  // the group's code answers, without an account
  const pupil = await newContext(browser);
  const answering = await pupil.newPage();
  await open(answering, `/svar/${code}`);
  await checkA11y(answering);
  assert.match(await answering.locator('main').innerText(), /Hvor tit mangler du nogen at være sammen med\?/);
  for (let screen = 0; screen < 10; screen += 1) {
    if (await answering.getByRole('button', { name: 'Send' }).count()) break;
    await checkA11y(answering);
    await answering.locator('input[type=radio]').first().check();
    await clickAndLoad(answering, answering.getByRole('button', { name: 'Næste' }));
  }
  await checkA11y(answering);
  await clickAndLoad(answering, answering.getByRole('button', { name: 'Send' }));
  await answering.getByRole('heading', { name: 'Tak for dine svar!' }).waitFor();
  await checkA11y(answering);
  await closeContext(pupil);
});
