// Danmark spiser sammen, the public meal side: a visitor finds a meal near a postal code, signs
// up (after a mistake in the form), gets the confirmation mail and cancels from its link; a host
// puts two meals on the map, the second carrying the first one's baton, and finds the relay by
// its code, typed the way people type it (and once with a typo).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  PHONE, assertFieldError, checkA11y, clickAndLoad, closeContext, logIn, newContext, open,
  pathname, readMail, unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

/** A demo user with a confirmed address (see crates/rygrad/src/demo.rs). */
const HOST = { email: 'borger@demo.rygrad.dk' };
/** Baton codes: digits 2–9 and letters without I, L and O (crates/domain/src/relay.rs). */
const BATON_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const BATON = /\b([2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3})\b/;


/** "14 ledige pladser" / "1 ledig plads" → 14; a full meal or one with sign-up elsewhere → 0. */
function seatsIn(text) {
  const m = text.match(/(\d+)\s+ledige?\s+plads/);
  return m ? Number(m[1]) : 0;
}

/** The code with one character changed, in lower case with the hyphen ("abc-def"). */
function mistype(code) {
  const chars = code.replace('-', '').split('');
  chars[1] = BATON_ALPHABET[(BATON_ALPHABET.indexOf(chars[1]) + 1) % BATON_ALPHABET.length];
  return `${chars.slice(0, 3).join('')}-${chars.slice(3).join('')}`.toLowerCase();
}

/** A date `days` from today as a date field takes it (yyyy-mm-dd). */
function daysAhead(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test('find a meal near a postal code, sign up, and cancel from the mail', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const main = page.locator('main');
  const name = 'Søren Spisesen';
  const email = `soeren.${unique()}@eksempel.dk`;

  // The front page is the meal finder; search near Aarhus C with a wide radius.
  await open(page, '/');
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: 'Find et måltid nær dig' }).waitFor();
  const search = page.getByRole('search', { name: 'Søg måltider' });
  await search.getByLabel('Postnummer eller by').fill('8000');
  await search.getByLabel('Afstand').selectOption('100');
  await clickAndLoad(page, search.getByRole('button', { name: 'Søg' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/maaltider');
  assert.equal(new URL(page.url()).searchParams.get('sted'), '8000');
  await page.getByRole('heading', { level: 2, name: /^Måltider nær 8000 Aarhus C$/ }).waitFor();
  assert.equal(await search.getByLabel('Postnummer eller by').inputValue(), '8000', 'the search is kept');
  assert.equal(await search.getByLabel('Afstand').inputValue(), '100', 'the radius is kept');
  // With JavaScript the zoomable map replaces the drawn one (map.test.js).
  await page.getByRole('region', { name: /^Kort over måltiderne/ }).waitFor();

  // Every meal listed is within the radius and has not ended; open the first one with room for
  // two that has not begun either.
  const cards = main.locator('li.meal-card');
  const count = await cards.count();
  assert.ok(count > 0, 'the demo data has meals near Aarhus');
  let chosen;
  for (let i = 0; i < count; i += 1) {
    const card = cards.nth(i);
    const meta = await card.locator('.meta').innerText();
    const km = Number(meta.match(/([\d.,]+)\s*km/)?.[1].replace(/\./g, '').replace(',', '.'));
    assert.ok(km <= 100, `a meal beyond the radius is listed: ${meta}`);
    const starts = Date.parse(await card.locator('time').getAttribute('datetime'));
    assert.ok(starts > Date.now() - 24 * 3_600_000, `a meal from the past is listed: ${meta}`);
    if (!chosen && starts > Date.now() + 600_000 && seatsIn(await card.innerText()) >= 2) chosen = card;
  }
  assert.ok(chosen, 'a meal near Aarhus has free seats');
  const link = chosen.getByRole('link');
  const title = (await link.innerText()).trim();
  await clickAndLoad(page, link);
  await checkA11y(page);
  assert.match(pathname(page), /^\/maaltider\/\d+$/);
  const mealPath = pathname(page);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  const join = page.getByRole('region', { name: 'Deltag' });
  const seatsBefore = seatsIn(await join.innerText());
  assert.ok(seatsBefore >= 2, `the meal page shows the free seats: ${await join.innerText()}`);

  // Without a name, the form comes back with a Danish message beside the field; what was
  // typed is kept.
  await join.getByLabel('Navn').fill('');
  await join.getByLabel('E-mail').fill(email);
  await join.getByLabel('Antal personer').fill('2');
  await join.getByLabel('Besked til værten').fill('Vi tager dessert med.');
  await clickAndLoad(page, join.getByRole('button', { name: 'Tilmeld' }), { status: 422 });
  await checkA11y(page);
  assert.equal(pathname(page), `${mealPath}/tilmeld`);
  const nameField = await assertFieldError(join, 'name', /Udfyld feltet/);
  assert.equal(await join.getByLabel('E-mail').inputValue(), email, 'the typed address is kept');
  assert.equal(await join.getByLabel('Antal personer').inputValue(), '2', 'the party size is kept');
  assert.equal(await join.getByLabel('Besked til værten').inputValue(), 'Vi tager dessert med.');
  await page.getByRole('alert').filter({ hasText: /./ }).waitFor();

  // Corrected, the sign-up goes through.
  await nameField.fill(name);
  await clickAndLoad(page, join.getByRole('button', { name: 'Tilmeld' }));
  await checkA11y(page);
  assert.equal(pathname(page), mealPath);
  await page.getByRole('status')
    .filter({ hasText: `Du er tilmeldt! Vi har sendt en bekræftelse til ${email}.` }).waitFor();
  assert.equal(seatsIn(await join.innerText()), seatsBefore - 2, 'two seats are taken');

  // The confirmation mail names the meal and has a link to cancel.
  const mail = await readMail(page, { to: email, subject: `Tilmelding: ${title}` });
  assert.ok(mail.body.includes(title), `the mail does not mention the meal:\n${mail.body}`);
  assert.ok(mail.body.includes(`Hej ${name}!`), `the mail does not greet the guest:\n${mail.body}`);
  assert.ok(mail.body.includes(mealPath), `the mail does not link to the meal:\n${mail.body}`);
  const cancelLink = mail.body.match(/https?:\/\/\S+\/afmeld\/\S+/)?.[0];
  assert.ok(cancelLink, `the mail has no cancel link:\n${mail.body}`);

  await open(page, cancelLink);
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: 'Meld fra' }).waitFor();
  await clickAndLoad(page, main.getByRole('button', { name: 'Ja, meld mig fra' }));
  await checkA11y(page);
  assert.equal(pathname(page), mealPath);
  await page.getByRole('status').filter({ hasText: 'Du er meldt fra. Tak fordi du sagde til.' }).waitFor();
  assert.equal(seatsIn(await join.innerText()), seatsBefore, 'the seats are free again');

  // The link works once only.
  await open(page, cancelLink);
  await checkA11y(page);
  await main.getByRole('button', { name: 'Ja, meld mig fra' }).waitFor();
  await clickAndLoad(page, main.getByRole('button', { name: 'Ja, meld mig fra' }), { status: 404 });
  await checkA11y(page);

  await closeContext(context);
});

test('host a meal, pass its baton on to a second meal, and find the relay by its code', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const main = page.locator('main');
  const run = unique();
  const titleA = `Fællesspisning i Odense ${run}`;
  const titleB = `Stafetmiddag i Odense ${run}`;

  await logIn(page, HOST);

  /** Fills in the host form (already open): a meal in Odense, 18:00–21:00, for 8. */
  async function fillMealForm(title, { days, batonCode = '' }) {
    await main.getByLabel('Titel').fill(title);
    await main.getByLabel('Beskrivelse').fill('Grøntsagssuppe og hjemmebagt brød. Alle er velkomne.');
    await main.getByLabel('Adresse').fill('Kongensgade 1');
    await main.getByLabel('Postnummer eller by').fill('5000');
    await main.getByLabel('Dato').fill(daysAhead(days));
    await main.getByLabel('Starter kl.').fill('18:00');
    await main.getByLabel('Slutter kl.').fill('21:00');
    await main.getByLabel('Antal pladser').fill('8');
    await main.getByLabel('Stafetkode').fill(batonCode);
  }

  /** Submits the host form; returns the new meal's baton code (from the message) and path. */
  async function submitMeal(title) {
    await clickAndLoad(page, main.getByRole('button', { name: 'Sæt måltidet på kortet' }));
    await checkA11y(page);
    assert.match(pathname(page), /^\/maaltider\/\d+$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const flash = page.getByRole('status').filter({ hasText: 'Dit måltid er på kortet.' });
    const code = (await flash.innerText()).match(BATON)?.[1];
    assert.ok(code, `no baton code in the message: ${await flash.innerText()}`);
    // The host sees the code on the meal's page too.
    await page.getByRole('region', { name: 'Madstafetten' })
      .getByText(`Stafetkode til dine gæster: ${code}`).waitFor();
    return { code, path: pathname(page) };
  }

  // Meal A, from the finder's "host a meal" link.
  await open(page, '/maaltider');
  await checkA11y(page);
  await clickAndLoad(page, main.getByRole('link', { name: 'Vær vært for et måltid' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/maaltider/ny');
  await fillMealForm(titleA, { days: 30 });
  const mealA = await submitMeal(titleA);

  // Meal B, carrying A's baton on: first with a typo in the code, which is caught, and the
  // right code is suggested; what was typed is kept.
  await open(page, '/maaltider/ny');
  await checkA11y(page);
  await fillMealForm(titleB, { days: 37, batonCode: mistype(mealA.code) });
  await clickAndLoad(page, main.getByRole('button', { name: 'Sæt måltidet på kortet' }), { status: 422 });
  await checkA11y(page);
  assert.equal(pathname(page), '/maaltider/ny');
  assert.match(await main.locator('#f-baton_code-error').innerText(), /Koden er skrevet forkert/);
  assert.equal(await main.getByLabel('Stafetkode').getAttribute('aria-invalid'), 'true');
  await main.getByRole('status').filter({ hasText: `Mente du ${mealA.code}?` }).waitFor();
  assert.equal(await main.getByLabel('Titel').inputValue(), titleB, 'the title is kept');
  assert.equal(await main.getByLabel('Dato').inputValue(), daysAhead(37), 'the date is kept');
  assert.equal(await main.getByLabel('Starter kl.').inputValue(), '18:00', 'the time is kept');
  await main.getByLabel('Stafetkode').fill(mealA.code);
  const mealB = await submitMeal(titleB);
  assert.notEqual(mealB.code, mealA.code, 'every meal has its own baton code');
  await page.getByRole('region', { name: 'Madstafetten' }).getByText('Led nr. 2 i stafetten').waitFor();

  // The relay, found by A's code typed in lower case with the hyphen.
  await open(page, '/stafet');
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: 'Madstafetten' }).waitFor();
  const lookup = main.getByRole('search');
  await lookup.getByLabel('Stafetkode').fill(mealA.code.toLowerCase());
  await clickAndLoad(page, lookup.getByRole('button', { name: 'Find stafetten' }));
  await checkA11y(page);
  assert.equal(pathname(page), `/stafet/${mealA.code.replace('-', '')}`);
  await page.getByRole('heading', { level: 1, name: `Stafetten fra ${titleA}` }).waitFor();
  const reached = main.getByRole('heading', { level: 2, name: 'Måltider, stafetten er nået til' })
    .locator('xpath=following-sibling::*[1]');
  const linkB = reached.getByRole('link', { name: titleB });
  await linkB.waitFor();
  assert.equal(new URL(await linkB.evaluate((a) => a.href)).pathname, mealB.path);
  assert.equal(await reached.getByRole('link', { name: titleA }).count(), 0,
    'the first meal is not among those the relay reached');
  await main.getByRole('heading', { level: 2, name: 'Vejen tilbage til det første måltid' })
    .locator('xpath=following-sibling::ol[1]').getByRole('link', { name: titleA }).waitFor();

  // A typo (one character changed): an error beside the field and the right code suggested.
  const typo = mistype(mealA.code);
  await open(page, '/stafet');
  await checkA11y(page);
  await lookup.getByLabel('Stafetkode').fill(typo);
  await clickAndLoad(page, lookup.getByRole('button', { name: 'Find stafetten' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/stafet');
  const codeField = lookup.getByLabel('Stafetkode');
  assert.equal(await codeField.inputValue(), typo, 'the typed code is kept');
  assert.equal(await codeField.getAttribute('aria-invalid'), 'true');
  assert.match(await codeField.getAttribute('aria-describedby'), /\bkode-error\b/);
  assert.match(await lookup.locator('#kode-error').innerText(), /Koden er skrevet forkert/);
  await lookup.getByRole('status').filter({ hasText: `Mente du ${mealA.code}?` }).waitFor();

  await closeContext(context);
});

test('on a phone the number, time and date fields are full-size touch targets', async () => {
  const context = await newContext(browser, { viewport: PHONE });
  const page = await context.newPage();
  const main = page.locator('main');
  await logIn(page, HOST);
  await open(page, '/maaltider/ny');
  await checkA11y(page);
  for (const label of ['Dato', 'Starter kl.', 'Slutter kl.', 'Antal pladser']) {
    const box = await main.getByLabel(label).boundingBox();
    assert.ok(box.height >= 44, `${label}: ${box.height} px high`);
    assert.ok(box.width >= 120, `${label}: ${box.width} px wide`);
  }
  await closeContext(context);
});

test('the finder offers its meals as a calendar to subscribe to', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await open(page, '/maaltider?tema=neighbours');
  await checkA11y(page);
  const subscribe = page.getByRole('link', { name: 'Abonnér på kalenderen' });
  assert.match(await subscribe.getAttribute('href'), /^webcal:\/\/.+\/kalender\/tema\/naboer\.ics$/);
  const file = page.getByRole('link', { name: 'Hent kalenderfilen (.ics)' });
  const response = await page.request.get(await file.getAttribute('href'));
  assert.equal(response.status(), 200);
  assert.match(await response.text(), /^BEGIN:VCALENDAR/);
  await closeContext(context);
});
