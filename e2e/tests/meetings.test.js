// The backbone of +Trivsel Lejre records a decision and an action item at the next alliance
// meeting: from the initiative page to the meeting, a wrong due date first, then the item for the
// sports club, which the club's member then sees on their page and ticks off. On the way: the
// decision log, the knowledge base with its history, and the goal hierarchy, each axe-checked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkA11y, clickAndLoad, closeContext, logIn, newContext, open, pathname, unique, useBrowser,
} from '../lib/browser.js';

const browser = useBrowser();

const CLUB = 'Idrætsforeningen Lejre IF'; // the member demo user acts for it

test('record a meeting decision and an action item', async (t) => {
  const stamp = unique();
  const decision = `Fritidspasset gælder også i vinterferien ${stamp}`;
  const item = `Book hallen til fritidspasset ${stamp}`;
  let itemAdded = false;

  const context = await newContext(browser);
  const page = await context.newPage();
  const main = page.locator('main');

  await t.test('the backbone opens the next meeting from the initiative page', async () => {
    await logIn(page, { email: 'sekretariat@demo.rygrad.dk' });
    await open(page, '/initiativer/trivsel-lejre');
    await checkA11y(page);
    await clickAndLoad(page, main.getByRole('link', { name: 'Møder og beslutninger' }));
    await checkA11y(page);
    assert.equal(pathname(page), '/initiativer/trivsel-lejre/moeder');
    const upcoming = page.getByRole('region', { name: 'Kommende møder' });
    await clickAndLoad(page, upcoming.getByRole('link', { name: 'Alliancemøde: årsplan' }));
    await checkA11y(page);
    await page.getByRole('heading', { level: 1, name: 'Alliancemøde: årsplan' }).waitFor();
  });

  await t.test('a decision is recorded', async () => {
    const decisions = page.getByRole('region', { name: 'Beslutninger' });
    await decisions.getByLabel('Beslutning').fill(decision);
    await clickAndLoad(page, decisions.getByRole('button', { name: 'Tilføj beslutning' }));
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: 'Beslutningen er tilføjet.' }).waitFor();
    await page.getByRole('region', { name: 'Beslutninger' }).getByRole('listitem').filter({ hasText: decision }).waitFor();
  });

  await t.test('a due date before the meeting is refused, then the action item is given to the club', async () => {
    const items = page.getByRole('region', { name: 'Opgaver' });
    await items.getByRole('textbox', { name: 'Opgave' }).fill(item);
    await items.getByLabel('Ansvarlig organisation').selectOption({ label: CLUB });
    await items.getByLabel('Frist').fill('2020-01-01');
    await clickAndLoad(page, items.getByRole('button', { name: 'Tilføj opgave' }), { status: 422 });
    await checkA11y(page);
    const again = page.getByRole('region', { name: 'Opgaver' });
    await again.getByText('Fristen kan ikke ligge før mødet.').waitFor();
    assert.equal(await again.getByRole('textbox', { name: 'Opgave' }).inputValue(), item, 'what was typed is kept');

    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await again.getByLabel('Frist').fill(due);
    await clickAndLoad(page, again.getByRole('button', { name: 'Tilføj opgave' }));
    await checkA11y(page);
    await page.getByRole('status').filter({ hasText: 'Opgaven er tilføjet.' }).waitFor();
    const row = page.getByRole('region', { name: 'Opgaver' }).getByRole('row').filter({ hasText: item });
    await row.getByRole('cell', { name: CLUB }).waitFor();
    itemAdded = true;
  });

  await t.test('the decision log finds the decision', async () => {
    await open(page, '/initiativer/trivsel-lejre/beslutninger');
    await checkA11y(page);
    const search = page.getByRole('search');
    await search.getByLabel('Søg i beslutningerne').fill(`VINTERFERIEN ${stamp}`);
    await clickAndLoad(page, search.getByRole('button', { name: 'Søg' }));
    await checkA11y(page);
    await main.getByRole('cell', { name: decision }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 beslutning' }).waitFor();
  });

  await t.test('my page shows what is overdue across the alliance', async () => {
    await clickAndLoad(page, page.locator('header').getByRole('link', { name: 'Min side' }));
    await checkA11y(page);
    await main.getByRole('heading', { name: 'Overskredne opgaver i alliancen' }).first().waitFor();
    assert.ok(await main.getByText('Overskredet').count() > 0, 'the demo has overdue items');
  });

  await t.test('the knowledge base, its history and the goal hierarchy are accessible', async () => {
    await open(page, '/initiativer/trivsel-lejre/vidensgrundlag');
    await checkA11y(page);
    await main.getByRole('heading', { level: 2, name: 'Strategier' }).waitFor();
    await clickAndLoad(page, main.getByRole('link', { name: 'Versionshistorik for Strategier' }));
    await checkA11y(page);
    await main.getByRole('heading', { name: 'Version 2' }).waitFor();
    await main.getByRole('heading', { name: 'Version 1' }).waitFor();
  });

  await t.test('a goal with a sub-goal is not deleted; it is archived and stays findable', async () => {
    const parent = `Flere børn i foreningslivet ${stamp}`;
    const child = `100 nye medlemmer ${stamp}`;
    await open(page, '/initiativer/trivsel-lejre/maal');
    await checkA11y(page);
    for (const [title, under] of [[parent, null], [child, parent]]) {
      const form = page.getByRole('region', { name: 'Tilføj mål' });
      await form.getByRole('textbox', { name: 'Titel' }).fill(title);
      if (under) await form.getByLabel('Tjener målet').selectOption({ label: under });
      await clickAndLoad(page, form.getByRole('button', { name: 'Tilføj mål' }));
    }
    await checkA11y(page);
    const tree = page.getByRole('region', { name: 'Målhierarkiet som træ' });
    await tree.getByText(child).waitFor();
    // fold the parent: its sub-goal is hidden
    await tree.locator('summary', { hasText: parent }).click();
    assert.equal(await tree.getByText(child).isVisible(), false, 'folded');

    const outline = page.getByRole('region', { name: 'Målhierarkiet som liste' });
    await outline.locator('summary', { hasText: parent }).click();
    await clickAndLoad(page, outline.getByRole('button', { name: `Slet "${parent}"` }), { status: 409 });
    await checkA11y(page);
    await page.getByRole('alert').filter({ hasText: 'kan ikke slettes, fordi 1 delmål peger på det' }).waitFor();
    await clickAndLoad(page, page.getByRole('button', { name: `Arkivér "${parent}"` }));
    await checkA11y(page);
    const archived = page.getByRole('region', { name: /Arkiverede mål/ });
    await archived.getByText(parent).waitFor();
  });

  await closeContext(context);

  await t.test('the club member sees the item on their page and ticks it off', { skip: !itemAdded }, async () => {
    const memberContext = await newContext(browser);
    const member = await memberContext.newPage();
    await logIn(member, { email: 'medlem@demo.rygrad.dk' });
    await clickAndLoad(member, member.locator('header').getByRole('link', { name: 'Min side' }));
    await checkA11y(member);
    const region = member.getByRole('region', { name: '+Trivsel Lejre' });
    await region.getByRole('heading', { name: 'Jeres åbne opgaver' }).waitFor();
    await clickAndLoad(member, region.getByRole('button', { name: `Markér "${item}" som udført` }));
    await checkA11y(member);
    assert.equal(pathname(member), '/mig');
    await member.getByRole('status').filter({ hasText: 'Opgaven er markeret som udført.' }).waitFor();
    assert.equal(await member.getByRole('cell', { name: item }).count(), 0, 'done items leave my page');
    await closeContext(memberContext);
  });
});
