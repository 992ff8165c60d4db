// The zoomable maps (Leaflet, crates/web/assets/map.js): a host places two meals with the pin on
// the hosting form, the finder's map clusters them and splits the cluster as it zooms in (by
// keyboard), a lone meal's popup links to the meal; the relay page's week slider changes what the
// map shows. Without JavaScript the same pages show the server-drawn SVG (meals.test.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BASE_URL, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

const HOST = { email: 'borger@demo.rygrad.dk' };
/** Two meals 0.02° of longitude (about 1.2 km) apart in mid-Jutland: one cluster on a map of
 * Denmark, two markers at town level. */
const POINT_A = [56.05, 9.1];
const POINT_B = [56.05, 9.12];
const run = unique();
const titleA = `Kortmiddag A ${run}`;
const titleB = `Kortmiddag B ${run}`;

function daysAhead(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Fills in the rest of the host form (its place already set) for a meal on `title` in `days`
 * days, 18:00–21:00, for `seats`, and submits it.
 */
async function submitMeal(page, title, { days, seats }) {
  const main = page.locator('main');
  await main.getByLabel('Titel').fill(title);
  await main.getByLabel('Dato').fill(daysAhead(days));
  await main.getByLabel('Starter kl.').fill('18:00');
  await main.getByLabel('Slutter kl.').fill('21:00');
  await main.getByLabel('Antal pladser').fill(String(seats));
  await clickAndLoad(page, main.getByRole('button', { name: 'Sæt måltidet på kortet' }));
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
}

/** Waits for the finder's next cluster answer (after a move or zoom). */
function nextClusters(page) {
  return page.waitForResponse((r) => r.url().includes('/api/v1/meal-clusters') && r.ok());
}

test('the pin on the hosting form writes the coordinates', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const main = page.locator('main');
  await logIn(page, HOST);

  for (const [title, point] of [[titleA, POINT_A], [titleB, POINT_B]]) {
    await open(page, '/maaltider/ny');
    const pinMap = page.getByRole('region', { name: 'Kort over måltidets placering' });
    assert.equal(await pinMap.count(), 0, 'no map before a place is given');
    await main.getByLabel('Postnummer eller by').fill('7400');
    await main.getByLabel('Postnummer eller by').press('Tab');
    await pinMap.waitFor();
    const lat = main.getByLabel('Breddegrad');
    const lon = main.getByLabel('Længdegrad');
    await page.waitForFunction(() => document.querySelector('input[name=lat]').value !== '');
    const placed = [Number(await lat.inputValue()), Number(await lon.inputValue())];
    assert.ok(Math.abs(placed[0] - 56.14) < 0.1 && Math.abs(placed[1] - 8.97) < 0.1, `Herning: ${placed}`);
    await checkA11y(page);

    // Drag the pin right and down: east and south.
    const pin = pinMap.getByRole('button', { name: 'Måltidets placering' });
    const box = await pin.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height - 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height + 20, { steps: 8 });
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height + 36, { steps: 8 });
    await page.mouse.up();
    await page.waitForFunction((before) => document.querySelector('input[name=lon]').value !== before, String(placed[1]));
    const dragged = [Number(await lat.inputValue()), Number(await lon.inputValue())];
    assert.ok(dragged[1] > placed[1], `dragged east: ${placed} → ${dragged}`);
    assert.ok(dragged[0] < placed[0], `dragged south: ${placed} → ${dragged}`);

    // The exact place, typed: the fields stay the truth.
    await lat.fill(String(point[0]));
    await lon.fill(String(point[1]));
    await main.getByLabel('Beskrivelse').fill('Suppe og brød.');
    await submitMeal(page, title, { days: 9, seats: 8 });
  }
  await closeContext(context);
});

test('the finder map clusters meals, splits a cluster when zooming in, and links a meal', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const first = nextClusters(page);
  await open(page, '/');
  const map = page.getByRole('region', { name: 'Kort over måltiderne, der kan zoomes. Listen viser de samme måltider.' });
  await map.waitFor();
  await first;
  assert.equal(await page.locator('.find-map figure').isHidden(), true, 'the SVG map gives way');
  const clusters = map.locator('.map-cluster-marker');
  await clusters.first().waitFor();
  await checkA11y(page);

  const total = Number(await page.locator('[data-meal-map]').getAttribute('data-total'));
  const counts = await map.locator('[data-count]').evaluateAll((els) => els.map((e) => Number(e.dataset.count)));
  assert.equal(counts.reduce((a, b) => a + b, 0), total, 'the markers hold every meal in view');

  // Zoom into the cluster holding meal A by keyboard until A and B stand alone.
  const markerA = map.getByRole('button', { name: titleA });
  const markerB = map.getByRole('button', { name: titleB });
  let zooms = 0;
  while (!(await markerA.isVisible()) && zooms < 8) {
    const nearest = await clusters.evaluateAll((els, [lat, lon]) => {
      const d = (e) => (Number(e.dataset.lat) - lat) ** 2 + (Number(e.dataset.lon) - lon) ** 2;
      return els.reduce((best, e, i) => (best < 0 || d(e) < d(els[best]) ? i : best), -1);
    }, POINT_A);
    assert.ok(nearest >= 0, 'a cluster holds meal A');
    const answered = nextClusters(page);
    await clusters.nth(nearest).focus();
    await page.keyboard.press('Enter');
    await answered;
    await page.waitForTimeout(100);
    zooms += 1;
  }
  assert.ok(zooms >= 1, 'meal A was in a cluster on the map of Denmark');
  await markerA.waitFor();
  await markerB.waitFor();

  // A lone meal: its popup links to its page.
  await markerA.focus();
  await page.keyboard.press('Enter');
  const link = map.getByRole('link', { name: 'Se måltidet' });
  await link.waitFor();
  // the popup fades in; axe measures contrast once it is there
  await page.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1');
  await checkA11y(page);
  await clickAndLoad(page, link);
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: titleA }).waitFor();
  await closeContext(context);
});

test('hosting with the pin works in Roskilde, whose postal centre lies in the fjord', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const main = page.locator('main');
  await logIn(page, HOST);
  await open(page, '/maaltider/ny');
  await checkA11y(page);
  await main.getByLabel('Postnummer eller by').fill('4000 Roskilde');
  await main.getByLabel('Postnummer eller by').press('Tab');
  await page.getByRole('region', { name: 'Kort over måltidets placering' }).waitFor();
  await page.waitForFunction(() => document.querySelector('input[name=lat]').value !== '');
  await submitMeal(page, `Roskildemiddag ${run}`, { days: 12, seats: 6 });
  await closeContext(context);
});

test('the finder map holds the same meals as the list', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const answered = nextClusters(page);
  await open(page, '/maaltider?sted=8000');
  await answered;
  await page.waitForFunction(() => document.querySelector('[data-meal-map]').dataset.total !== undefined);
  await checkA11y(page);
  const listed = Number((await page.locator('.find-list [role=status]').innerText()).replace(/\D/g, ''));
  assert.ok(listed > 0, 'the demo has meals near 8000');
  const mapped = Number(await page.locator('[data-meal-map]').getAttribute('data-total'));
  assert.equal(mapped, listed);
  await closeContext(context);
});

test('without JavaScript the pages keep the drawn maps and the year-by-year view', async () => {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'da-DK', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('img', { name: /Kort over Danmark/ }).first().waitFor();
  assert.equal(await page.getByRole('region', { name: /^Kort over måltiderne/ }).count(), 0);
  await page.goto('/stafet');
  assert.equal(await page.getByRole('region', { name: 'Spredningen uge for uge' }).count(), 0, 'the slider needs JS');
  await page.getByRole('heading', { level: 2, name: 'Sådan har stafetten bredt sig' }).waitFor();
  await context.close();
});

test('the relay slider shows the spread week by week', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await open(page, '/stafet');
  const section = page.getByRole('region', { name: 'Spredningen uge for uge' });
  await section.waitFor();
  const slider = section.getByLabel('Vis måltider til og med uge');
  const status = section.getByRole('status');
  await page.waitForFunction(() => document.querySelector('[data-relay-spread]').dataset.shown);
  await checkA11y(page);
  const shown = () => page.locator('[data-relay-spread]').getAttribute('data-shown').then(Number);
  const all = await shown();
  const lastWeek = await status.innerText();
  assert.match(lastWeek, /^Uge \d+, \d{4} · [\d.]+ måltider indtil da$/);

  await slider.fill('0');
  await page.waitForFunction((n) => Number(document.querySelector('[data-relay-spread]').dataset.shown) < n, all);
  assert.notEqual(await status.innerText(), lastWeek, 'the status names the chosen week');
  assert.ok((await shown()) >= 1);

  // Play runs on through the weeks up to the last one.
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(Math.max(max - 3, 0)));
  await section.getByRole('button', { name: 'Afspil' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-relay-spread]').dataset.shown) === n, all);
  await section.getByRole('button', { name: 'Afspil' }).waitFor();
  await closeContext(context);
});
