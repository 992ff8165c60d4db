// The alliance's action plan in +Trivsel Lejre (demo data): backbone staff create a goal and an
// activity serving it; the member demo user, acting for Idrætsforeningen Lejre IF, commits hours
// to an activity the club leads and records what was delivered. Every page is axe-checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkA11y, clickAndLoad, closeContext, logIn, newContext, open, pathname, unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

const SLUG = 'trivsel-lejre';

test('create a goal and an activity', async (t) => {
  const stamp = unique();
  const goalTitle = `Flere unge i foreningslivet ${stamp}`;
  const activityTitle = `Åben hal fredag aften ${stamp}`;
  const context = await newContext(browser);
  const page = await context.newPage();
  let goalMade = false;

  await t.test('backbone staff add a goal', async () => {
    await logIn(page, { email: 'sekretariat@demo.rygrad.dk' });
    await open(page, `/initiativer/${SLUG}`);
    await checkA11y(page);
    await clickAndLoad(page, page.locator('main').getByRole('link', { name: 'Fælles dagsorden og mål' }));
    await checkA11y(page);
    await page.getByRole('region', { name: 'Tilføj mål' }).getByRole('textbox', { name: 'Titel' }).fill(goalTitle);
    await clickAndLoad(page, page.getByRole('button', { name: 'Tilføj mål' }));
    await checkA11y(page);
    await page.locator('main').getByText(goalTitle).first().waitFor();
    goalMade = true;
  });

  await t.test('backbone staff add an activity serving it', { skip: !goalMade }, async () => {
    await open(page, `/initiativer/${SLUG}/aktiviteter`);
    await checkA11y(page);
    await clickAndLoad(page, page.locator('main').getByRole('link', { name: 'Foreslå en aktivitet' }));
    await checkA11y(page);
    await page.getByRole('textbox', { name: 'Titel' }).fill(activityTitle);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('stopped');
    await page.getByRole('checkbox', { name: goalTitle }).check();
    await page.getByRole('checkbox', { name: 'Fællesskaber i fritiden' }).check();
    await page.getByRole('combobox', { name: 'Ansvarlig organisation' }).selectOption({ label: 'Idrætsforeningen Lejre IF' });
    // stopped without a reason: refused, with everything kept
    await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Gem' }), { status: 422 });
    await checkA11y(page);
    await page.getByText('Skriv, hvorfor aktiviteten blev stoppet.').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Titel' }).inputValue(), activityTitle);
    assert.equal(await page.getByRole('checkbox', { name: goalTitle }).isChecked(), true);
    await page.getByRole('combobox', { name: 'Status' }).selectOption('running');
    await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Gem' }));
    await checkA11y(page);
    assert.match(pathname(page), /^\/aktiviteter\/\d+$/);
    await page.getByRole('heading', { level: 1, name: activityTitle }).waitFor();
    await page.locator('main').getByText(goalTitle).waitFor();
    await page.locator('main .badge').filter({ hasText: 'I gang' }).waitFor();
    // findable in the catalogue, and no longer a goal without activities
    await open(page, `/initiativer/${SLUG}/aktiviteter?q=${encodeURIComponent('ÅBEN HAL')}`);
    await checkA11y(page);
    await page.getByRole('link', { name: activityTitle }).waitFor();
    await open(page, `/initiativer/${SLUG}/handleplan`);
    await checkA11y(page);
    const gaps = page.locator('main ul').filter({ hasText: goalTitle });
    assert.equal(await gaps.count(), 0, 'the goal now has an activity');
    await open(page, `/initiativer/${SLUG}/netvaerk`);
    await checkA11y(page);
    await page.locator('main svg').waitFor();
    // the graph's script: Enter on an organisation shows only its ties, Escape all of them again
    await page.locator('main svg a[data-org]').first().focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Viser forbindelserne for' }).waitFor();
    assert.equal(await page.locator('main svg.filtering').count(), 1, 'only the chosen ties are shown');
    await checkA11y(page);
    await page.keyboard.press('Escape');
    await page.getByRole('status').filter({ hasText: 'Viser alle forbindelser.' }).waitFor();
    assert.equal(await page.locator('main svg.filtering').count(), 0);
  });
  await closeContext(context);
});

test('commit resources as a partner', async (t) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const activity = 'Håndbold for piger, der ikke går til noget'; // led by the club in the demo data
  let committed = false;

  await t.test('the member commits staff hours for the club', async () => {
    await logIn(page, { email: 'medlem@demo.rygrad.dk' });
    await open(page, `/initiativer/${SLUG}/aktiviteter?q=${encodeURIComponent('håndbold')}`);
    await checkA11y(page);
    await clickAndLoad(page, page.getByRole('link', { name: activity }));
    await checkA11y(page);
    const organisation = page.getByRole('combobox', { name: 'Organisation, der giver tilsagnet' });
    assert.deepEqual(await organisation.locator('option').allTextContents(), ['Idrætsforeningen Lejre IF'],
      'a member commits only for its own organisation');
    await page.getByRole('combobox', { name: 'Slags ressource' }).selectOption('staff_hours');
    await page.getByRole('textbox', { name: 'Mængde' }).fill('-10');
    await clickAndLoad(page, page.getByRole('button', { name: 'Giv et tilsagn' }), { status: 422 });
    await checkA11y(page);
    await page.getByText('Mængden kan ikke være negativ.').waitFor();
    await page.getByRole('textbox', { name: 'Mængde' }).fill('1.250,5');
    await clickAndLoad(page, page.getByRole('button', { name: 'Giv et tilsagn' }));
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: 'Tilsagnet er registreret.' }).waitFor();
    await page.getByRole('heading', { name: 'Idrætsforeningen Lejre IF: Medarbejdertimer, 1.250,5 timer' }).waitFor();
    committed = true;
  });

  await t.test('the member records a delivery', { skip: !committed }, async () => {
    const card = page.locator('article').filter({ hasText: '1.250,5 timer' });
    await card.locator('summary').filter({ hasText: 'Registrer en leverance' }).click();
    await card.getByRole('textbox', { name: 'Hvad blev leveret?' }).fill('Træning i efterårsferien');
    await card.getByRole('textbox', { name: /Mængde/ }).fill('20');
    await card.getByLabel('Dato').fill('2026-10-20');
    await clickAndLoad(page, card.getByRole('button', { name: 'Registrer en leverance' }));
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: 'Leverancen er registreret.' }).waitFor();
    await page.locator('main').getByText('Leveret: 20 af 1.250,5 timer').waitFor();
  });
  await closeContext(context);
});
