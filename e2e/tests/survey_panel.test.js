// Panel answers followed across two waves: pupils answer a panel survey with their own code
// words in the first wave (one on the answering pages, the rest by the API), the wave closes,
// a second wave opens and the same code words answer again; the backbone's results page then
// shows how many were followed and McNemar's paired test, with axe on every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ADMIN, PHONE, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, unique, useBrowser } from '../lib/browser.js';

const browser = useBrowser();

/** A fresh API token of the demo administrator, made on the account page. */
async function apiToken(page) {
  await open(page, '/konto');
  await checkA11y(page);
  await page.getByLabel('Navn på nøglen').fill(`panel ${unique()}`);
  await clickAndLoad(page, page.getByRole('button', { name: 'Opret nøgle' }));
  await checkA11y(page);
  return page.locator('code.token').innerText();
}

/** Sends `body` to the API and returns the answer's JSON, insisting on `status`. */
async function api(request, method, path, token, body, status = 201) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  const response = await request.fetch(`/api/v1${path}`, { method, headers, data: body });
  assert.equal(response.status(), status, `${method} ${path}: ${await response.text()}`);
  return response.json();
}

/** Answers the group `code` on the pages, as a pupil on a phone: code word, Ja, send. */
async function answerOnThePages(codeWord, code) {
  const context = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  await open(page, `/svar/${code}`);
  await checkA11y(page);
  await page.locator('#kodeord').fill(codeWord);
  await clickAndLoad(page, page.getByRole('button', { name: 'Næste' }));
  await checkA11y(page);
  await page.getByLabel('Ja').check();
  await clickAndLoad(page, page.getByRole('button', { name: 'Næste' }));
  await checkA11y(page);
  await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));
  await page.getByRole('heading', { name: 'Tak for dine svar!' }).waitFor();
  await checkA11y(page);
  await closeContext(context);
}

test('panel answers are followed across two waves by their code words', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await logIn(page, DEMO_ADMIN);
  const token = await apiToken(page);
  const request = context.request;
  const run = unique();
  const survey = await api(request, 'POST', '/initiatives/trivsel-lejre/surveys', token, {
    title: `Panel ${run}`,
    panel: true,
    questions: [{ key: 'glad', text: 'Er du glad for din klasse?', kind: 'single', options: ['Ja', 'Nej'] }],
  });
  // 12 pupils: 5 say Ja in the first wave, 7 in the second (the first of them on the pages)
  const words = Array.from({ length: 12 }, (_, i) => `ord-${run}-${i}`);
  const waves = [];
  for (const [name, yes] of [['Måling 1', 5], ['Måling 2', 7]]) {
    const wave = await api(request, 'POST', `/surveys/${survey.id}/waves`, token, { name, baseline: name === 'Måling 1' });
    const group = await api(request, 'POST', `/survey-waves/${wave.id}/groups`, token, { name: 'Klasse P' });
    await answerOnThePages(words[0], group.code);
    for (const [i, word] of words.entries()) {
      if (i === 0) continue;
      const answers = { glad: i < yes ? '1' : '2' };
      await api(request, 'POST', '/survey-responses', null, { code: group.code, answers, panel_code: word });
    }
    await api(request, 'POST', `/survey-waves/${wave.id}/close`, token, {}, 200);
    waves.push(wave);
  }
  await open(page, `/initiativer/trivsel-lejre/undersoegelser/${survey.id}/resultater?boelge=${waves[1].id}`);
  await checkA11y(page);
  const changes = page.getByRole('table', { name: /ændringer pr\. gruppe, andele i procentpoint/ });
  await changes.getByRole('columnheader', { name: 'Ja: Siden basislinjen (Måling 1)' }).waitFor();
  const row = (await changes.getByRole('row', { name: /Klasse P/ }).locator('td').allInnerTexts())[0];
  assert.match(row, /^\+16,7 \(p = [0-9,]+\) ikke signifikant\s+12 fulgt, McNemars test$/, 'the twelve pupils were followed by a paired test');
  assert.ok(await page.locator('figure.survey-chart svg[role=img]').count() >= 1, 'a chart of the shares');
  await closeContext(context);
});
