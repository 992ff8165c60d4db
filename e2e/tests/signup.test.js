// Sign-up → confirm the e-mail address from the mailed link → log in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertFieldError, checkA11y, clickAndLoad, closeContext, newContext, open, pathname, readMail,
  unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

test('sign up, confirm the e-mail address, log in', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const name = 'Rikke Testesen';
  const email = `rikke.${unique()}@eksempel.dk`;
  const password = 'korrekt-hest-batteri';

  // The header leads to the sign-up form.
  await open(page, '/');
  await checkA11y(page);
  await clickAndLoad(page, page.locator('header').getByRole('link', { name: 'Opret konto' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/konto/opret');

  // A bad address: the form comes back with a Danish message beside the field, and what was
  // typed is kept.
  await page.getByLabel('Navn').fill(name);
  await page.getByLabel('E-mail').fill('ikke-en-adresse');
  await page.getByLabel('Adgangskode').fill(password);
  const status = await clickAndLoad(page, page.getByRole('button', { name: 'Opret konto' }), { status: 422 });
  await checkA11y(page);
  assert.equal(status, 422, 'a form with errors is answered 422');
  assert.equal(pathname(page), '/konto/opret');
  const emailField = await assertFieldError(page, 'email', /Skriv en gyldig e-mailadresse/);
  assert.equal(await page.getByLabel('Navn').inputValue(), name, 'the typed name is kept');
  assert.equal(await emailField.inputValue(), 'ikke-en-adresse', 'the typed address is kept');
  assert.equal(await page.getByLabel('Adgangskode').inputValue(), '', 'the password is not sent back');
  await page.getByRole('alert').filter({ hasText: /./ }).waitFor();

  // Corrected, the account is created and the browser is sent to the login page.
  await emailField.fill(email);
  await page.getByLabel('Adgangskode').fill(password);
  await clickAndLoad(page, page.getByRole('button', { name: 'Opret konto' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/log-ind');
  await page.getByRole('status').filter({ hasText: email }).waitFor();

  // The confirmation mail is on the outbox page; its link confirms the address.
  const mail = await readMail(page, { to: email, subject: 'Bekræft din e-mailadresse' });
  assert.ok(mail.link.includes('/konto/bekraeft/'), `unexpected link in the mail: ${mail.link}`);
  await open(page, mail.link);
  await checkA11y(page);
  assert.equal(pathname(page), '/log-ind');
  await page.getByRole('status').filter({ hasText: 'Din e-mailadresse er bekræftet' }).waitFor();

  // The link works once only.
  await open(page, mail.link);
  await checkA11y(page);
  await page.getByRole('status').filter({ hasText: /ugyldigt|udløbet|brugt/i }).waitFor();

  // Log in.
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Adgangskode').fill(password);
  await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Log ind' }));
  await checkA11y(page);
  assert.equal(pathname(page), '/');
  const myAccount = page.locator('header').getByRole('link', { name: 'Min konto' });
  await myAccount.waitFor();
  assert.equal(await page.locator('header').getByRole('link', { name: 'Log ind' }).count(), 0);

  await clickAndLoad(page, myAccount);
  await checkA11y(page);
  assert.equal(pathname(page), '/konto');
  assert.equal(await myAccount.getAttribute('aria-current'), 'page');
  await page.locator('main').getByText(`Du er logget ind som ${email}.`).waitFor();
  assert.equal(await page.getByRole('textbox', { name: 'Navn', exact: true }).inputValue(), name);
  assert.equal(await page.locator('.notice[role="note"]').count(), 0,
    'no "confirm your address" notice once it is confirmed');

  await closeContext(context);
});
