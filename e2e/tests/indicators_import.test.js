// An indicator's values come in from a file: backbone staff define an indicator on the form,
// upload a CSV with one bad row and see its line and reason on the preview (no import offered),
// upload the corrected file and import it; the import runs in the background and its page ends
// with what was imported.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  DEMO_ADMIN, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, pathname, unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();
let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rygrad-indicators-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('a file with a bad row is shown with its line, then the corrected file is imported', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const name = `Børn i et fællesskab ${unique()}`;
  const bad = join(dir, 'trivsel.csv');
  writeFileSync(bad, 'kommune;år;andel\n0350;2023;81,5\n0350;2024;otteogfirs\n');
  const good = join(dir, 'trivsel-rettet.csv');
  writeFileSync(good, 'kommune;år;andel\n0350;2023;81,5\n0350;2024;84\n');

  await logIn(page, DEMO_ADMIN);
  await open(page, '/initiativer/trivsel-lejre/indikatorer');
  await checkA11y(page);
  await clickAndLoad(page, page.locator('main').getByRole('link', { name: 'Ny indikator' }));
  await checkA11y(page);
  await page.getByLabel(/^Navn/).fill(name);
  await page.getByLabel(/^Enhed/).fill('%');
  await page.getByLabel('Geografisk niveau').selectOption('municipality');
  await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Gem', exact: true }));
  assert.equal(pathname(page), '/initiativer/trivsel-lejre/indikatorer');

  const importLink = page.locator('main tr', { hasText: name }).locator('a[href$="/import"]');
  await open(page, await importLink.getAttribute('href'));
  await checkA11y(page);
  await page.getByLabel(/^Fil\b/).setInputFiles(bad);
  await clickAndLoad(page, page.getByRole('button', { name: 'Vis filen' }));
  await checkA11y(page);
  await page.getByText('Linje 3: Værdien «otteogfirs» er ikke et tal.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Importér' }).count(), 0, 'no import while the file has errors');

  await clickAndLoad(page, page.locator('.breadcrumb').getByRole('link', { name: `Indlæs tal til «${name}»` }));
  await page.getByLabel(/^Fil\b/).setInputFiles(good);
  await clickAndLoad(page, page.getByRole('button', { name: 'Vis filen' }));
  await page.getByText('2 værdier er klar til indlæsning.').waitFor();
  await clickAndLoad(page, page.getByRole('button', { name: 'Importér' }));
  assert.match(pathname(page), /^\/initiativer\/trivsel-lejre\/indikatorer\/\d+\/import\/\d+$/);
  await page.getByText('2 nye eller ændrede, 0 uændrede.').waitFor();
  await checkA11y(page);
  await closeContext(context);
});
