// A platform administrator creates an initiative, adds an organisation to its alliance and
// invites a new person for that organisation; the invited person opens the mailed link, creates
// an account on the invitation page and lands in the initiative.
//
// The flow runs as steps (subtests): a step that fails is reported on its own, and the later
// steps still run when what they need is there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEMO_ADMIN, PHONE, checkA11y, clickAndLoad, closeContext, logIn, newContext, open, pathname,
  readMail, unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

const ORGANISATION = 'Danske Madklubber'; // from the demo data

test('create an initiative and invite an organisation member, who accepts', async (t) => {
  const stamp = unique();
  const initiativeName = `Fællesspisning E2E ${stamp}`;
  const invitedEmail = `inviteret.${stamp}@eksempel.dk`;
  const invitedName = 'Ida Inviteret';
  let initiativePath;
  let invitationSent = false;
  let accepted = false;

  const admin = await newContext(browser);
  const page = await admin.newPage();
  const adminNav = page.getByRole('navigation', { name: 'Sekretariatets værktøjer' });

  await t.test('the administrator creates the initiative', async () => {
    await logIn(page, DEMO_ADMIN);
    assert.equal(pathname(page), '/');

    await clickAndLoad(page, page.locator('header').getByRole('link', { name: 'Initiativer' }));
    await checkA11y(page);
    await clickAndLoad(page, page.locator('main').getByRole('link', { name: 'Opret initiativ' }));
    await checkA11y(page);
    assert.equal(pathname(page), '/initiativer/ny');
    await page.getByRole('textbox', { name: 'Navn', exact: true }).fill(initiativeName);
    // A municipality from a region group (a closed <details>).
    const region = page.locator('details').filter({ has: page.locator('summary', { hasText: 'Region Hovedstaden' }) });
    const municipality = region.getByRole('checkbox', { name: 'Frederiksberg', exact: true });
    assert.equal(await municipality.isVisible(), false, 'the region group starts closed');
    await region.locator('summary').click();
    await municipality.check();
    await checkA11y(page); // again, with the region group open
    const isPublic = page.getByRole('checkbox', { name: 'Offentligt synligt initiativ' });
    assert.equal(await isPublic.isChecked(), true, 'a new initiative is public by default');
    await isPublic.check();
    await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Gem' }));
    await checkA11y(page);
    assert.match(pathname(page), /^\/initiativer\/[a-z0-9-]+$/, `not on the initiative's page: ${page.url()}`);
    initiativePath = pathname(page);
    await page.getByRole('status').filter({ hasText: 'Initiativet er oprettet.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: initiativeName }).waitFor();
    await page.locator('main').getByText('Frederiksberg').waitFor();
    await page.locator('main .badge').filter({ hasText: 'Offentligt' }).waitFor();
  });

  await t.test('the administrator adds an organisation to the alliance', { skip: !initiativePath }, async () => {
    await clickAndLoad(page, adminNav.getByRole('link', { name: 'Alliancens medlemmer' }));
    await checkA11y(page);
    assert.equal(pathname(page), `${initiativePath}/medlemmer`);
    await page.getByRole('combobox', { name: 'Organisation' }).selectOption({ label: ORGANISATION });
    await page.getByRole('combobox', { name: 'Rolle' }).selectOption({ label: 'Næstformand' });
    await clickAndLoad(page, page.getByRole('button', { name: 'Tilføj til alliancen' }));
    await checkA11y(page);
    assert.equal(pathname(page), `${initiativePath}/medlemmer`);
    await page.getByRole('status').filter({ hasText: `${ORGANISATION} er tilføjet alliancen.` }).waitFor();
    await page.locator('details.member summary').filter({ hasText: ORGANISATION }).filter({ hasText: 'Næstformand' }).waitFor();
  });

  await t.test('the administrator adds a track led by the organisation, chosen by its name', { skip: !initiativePath }, async () => {
    await open(page, `${initiativePath}/maal`);
    await checkA11y(page);
    const form = page.getByRole('region', { name: 'Tilføj spor' });
    // The goal form above has a "Titel" field too: each label must lead to its own form's field.
    await form.getByLabel('Titel').fill('Fællesspisning i skolerne');
    await form.getByRole('combobox', { name: 'Ledende organisation' }).selectOption({ label: ORGANISATION });
    await clickAndLoad(page, form.getByRole('button', { name: 'Tilføj spor' }));
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: 'Sporet er tilføjet.' }).waitFor();
    await page.locator('main li').filter({ hasText: 'Fællesspisning i skolerne' }).filter({ hasText: `ledes af ${ORGANISATION}` }).waitFor();
  });

  await t.test('the administrator invites a new address for the organisation', { skip: !initiativePath }, async () => {
    await clickAndLoad(page, page.locator('main .breadcrumb').getByRole('link', { name: initiativeName }));
    await checkA11y(page);
    await clickAndLoad(page, adminNav.getByRole('link', { name: 'Invitér personer' }));
    await checkA11y(page);
    assert.equal(pathname(page), `${initiativePath}/invitationer`);
    await page.getByLabel('E-mail').fill(invitedEmail);
    await page.getByRole('combobox', { name: 'Rolle' }).selectOption('member');
    await page.getByRole('combobox', { name: 'Organisation' }).selectOption({ label: ORGANISATION });
    await clickAndLoad(page, page.getByRole('button', { name: 'Send invitation' }));
    await checkA11y(page);
    assert.equal(pathname(page), `${initiativePath}/invitationer`);
    await page.getByRole('status').filter({ hasText: 'Invitationen er sendt.' }).waitFor();
    await page.getByRole('row').filter({ hasText: invitedEmail }).filter({ hasText: 'Afventer' }).waitFor();
    invitationSent = true;
  });

  await t.test('the administrator logs out', async () => {
    await clickAndLoad(page, page.locator('header').getByRole('button', { name: 'Log ud' }));
    await checkA11y(page);
    assert.equal(pathname(page), '/');
    await page.locator('header').getByRole('link', { name: 'Log ind' }).waitFor();
    // Still logged out on the next page.
    await clickAndLoad(page, page.locator('header').getByRole('link', { name: 'Initiativer' }));
    await checkA11y(page);
    assert.equal(await page.locator('header').getByRole('link', { name: 'Min konto' }).count(), 0,
      'still logged in after "Log ud"');
  });
  await closeContext(admin);

  const invited = await newContext(browser);
  const inv = await invited.newPage();

  await t.test('the invited person accepts by creating an account', { skip: !invitationSent }, async () => {
    const mail = await readMail(inv, { to: invitedEmail, subject: initiativeName });
    assert.match(mail.body, new RegExp(`for ${ORGANISATION}`), 'the mail names the organisation');
    assert.ok(mail.link.includes('/invitation/'), `unexpected link in the mail: ${mail.link}`);
    await open(inv, mail.link);
    await checkA11y(inv);
    await inv.getByRole('heading', { level: 1, name: `Du er inviteret til ${initiativeName}` }).waitFor();
    await inv.locator('main').getByText(invitedEmail).waitFor();

    await inv.getByRole('textbox', { name: 'Navn', exact: true }).fill(invitedName);
    await inv.getByLabel('Adgangskode').fill('fællesskab-hver-dag');
    await clickAndLoad(inv, inv.getByRole('button', { name: 'Opret konto og tag imod' }));
    await checkA11y(inv);
    assert.equal(pathname(inv), initiativePath, 'lands on the initiative page');
    await inv.getByRole('status').filter({ hasText: `Velkommen i ${initiativeName}!` }).waitFor();
    await inv.locator('header').getByRole('link', { name: 'Min konto' }).waitFor();
    // The mailed link proved the address: no "confirm your address" notice.
    assert.equal(await inv.locator('.notice[role="note"]').count(), 0);
    // The initiative page lists the organisation in the alliance.
    const alliance = inv.getByRole('region', { name: /Alliancen/ });
    await alliance.getByRole('row').filter({ hasText: ORGANISATION }).filter({ hasText: 'Næstformand' }).waitFor();
    await alliance.getByRole('link', { name: ORGANISATION }).waitFor();
    accepted = true;
  });
  await closeContext(invited);

  await t.test('the administrator, on a phone, sees the invitation accepted and the log', { skip: !accepted }, async () => {
    const again = await newContext(browser, { viewport: PHONE });
    const adm = await again.newPage();
    await logIn(adm, DEMO_ADMIN, { next: `${initiativePath}/invitationer` });
    assert.equal(pathname(adm), `${initiativePath}/invitationer`);
    await adm.getByRole('row').filter({ hasText: invitedEmail }).filter({ hasText: 'Accepteret' }).waitFor();
    await adm.locator('main li').filter({ hasText: invitedName }).filter({ hasText: `Alliancemedlem (${ORGANISATION})` }).waitFor();

    // The audit log names who did what; on a phone its wide table scrolls sideways.
    await clickAndLoad(adm, adm.locator('main .breadcrumb').getByRole('link', { name: initiativeName }));
    await checkA11y(adm);
    await clickAndLoad(adm, adm.getByRole('navigation', { name: 'Sekretariatets værktøjer' }).getByRole('link', { name: 'Log over ændringer' }));
    await checkA11y(adm);
    assert.equal(pathname(adm), `${initiativePath}/log`);
    const log = adm.getByRole('group', { name: 'Log over ændringer' });
    await log.getByRole('row').filter({ hasText: invitedName }).first().waitFor();
    await log.getByRole('row').filter({ hasText: initiativeName }).first().waitFor();
    await closeContext(again);
  });
});
