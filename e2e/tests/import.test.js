// An organisation's calendar comes in: the administrator uploads an .ics file (as exported from
// Facebook or another calendar) on the organisation's import page; the import runs in the
// background while its page shows the progress (read again by a small script; without
// JavaScript a link reloads it), then what was imported and what was skipped and why, and the imported meal is in
// the meal finder. A file that is not a calendar is refused beside the file field.
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
  dir = mkdtempSync(join(tmpdir(), 'rygrad-import-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

function isoDay(days) {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

function icsDate(days) {
  const d = new Date(Date.now() + days * 86400000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T170000Z`;
}

test('an organisation imports its calendar file', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const title = `Fællesspisning fra kalenderen ${unique()}`;
  const file = join(dir, 'kalender.ics');
  writeFileSync(file, [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//DA',
    'BEGIN:VEVENT', `UID:${unique()}@facebook.com`, `DTSTART:${icsDate(12)}`, `SUMMARY:${title}`,
    'LOCATION:Kulturhuset\\, 8600 Silkeborg', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:ude@example.com', `DTSTART:${icsDate(12)}`, 'SUMMARY:I udlandet', 'LOCATION:Berlin', 'END:VEVENT',
    'END:VCALENDAR', '',
  ].join('\r\n'));

  await logIn(page, DEMO_ADMIN);

  await open(page, '/organisationer/danske-madklubber');
  await checkA11y(page);
  await clickAndLoad(page, page.locator('main').getByRole('link', { name: 'Hent måltider fra en kalender' }));
  await checkA11y(page);
  await page.getByLabel('Kalenderfil (.ics)').setInputFiles(file);
  await clickAndLoad(page, page.getByRole('button', { name: 'Hent måltider' }));
  assert.match(pathname(page), /^\/organisationer\/danske-madklubber\/importer\/\d+$/);
  const result = page.getByRole('status');
  await result.getByText('Ét nyt måltid, 0 opdaterede.').waitFor();
  await checkA11y(page);
  await result.getByRole('cell', { name: 'ude@example.com' }).waitFor();
  assert.match(await result.innerText(), /Berlin/, 'the skipped event says why');

  await open(page, `/maaltider?sted=8600&radius=10&fra=${isoDay(12)}&til=${isoDay(12)}`);
  await checkA11y(page);
  await clickAndLoad(page, page.locator('main').getByRole('link', { name: title }));
  await checkA11y(page);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await closeContext(context);
});

test('a big import shows its progress and then the whole summary', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const events = 3000;
  const file = join(dir, 'stor.ics');
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//e2e//DA'];
  const run = unique();
  for (let i = 0; i < events; i += 1) {
    lines.push('BEGIN:VEVENT', `UID:stor-${run}-${i}`, `DTSTART:${icsDate(1 + (i % 200))}`, `SUMMARY:Stor import ${i}`,
      'LOCATION:Torvet\\, 8600 Silkeborg', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  writeFileSync(file, lines.join('\r\n'));

  await logIn(page, DEMO_ADMIN);
  await open(page, '/organisationer/danske-madklubber/importer');
  await checkA11y(page);
  await page.getByLabel('Kalenderfil (.ics)').setInputFiles(file);
  await clickAndLoad(page, page.getByRole('button', { name: 'Hent måltider' }));
  // the answer comes at once: the import goes on in the background, and the page shows its
  // progress (read again by a script, or by the reload link without one) until it is done
  await page.getByRole('heading', { level: 2, name: /Måltiderne hentes|Importen venter/ }).waitFor();
  await checkA11y(page);
  await page.getByText(`${events.toLocaleString('da-DK')} nye måltider, 0 opdaterede.`).waitFor({ timeout: 120_000 });
  await checkA11y(page);
  await closeContext(context);
});

test('a file that is not a calendar is refused beside the file field', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const file = join(dir, 'opgaver.ics');
  writeFileSync(file, ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VTODO', 'UID:t', 'SUMMARY:Køb ind', 'END:VTODO', 'END:VCALENDAR', ''].join('\r\n'));
  await logIn(page, DEMO_ADMIN);
  await open(page, '/organisationer/danske-madklubber/importer');
  await checkA11y(page);
  await page.getByLabel('Kalenderfil (.ics)').setInputFiles(file);
  await clickAndLoad(page, page.getByRole('button', { name: 'Hent måltider' }), { status: 422 });
  await checkA11y(page);
  const field = page.getByLabel('Kalenderfil (.ics)');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#f-file-error').innerText(), /Filen er ikke en kalender/);
  await closeContext(context);
});
