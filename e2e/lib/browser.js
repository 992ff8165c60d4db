// Shared helpers for the browser tests: launching Debian's chromium through playwright-core,
// browser contexts, the axe-core check that runs after every navigation, logging in, checking a
// field's error message, and reading mail off the outbox page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

export const BASE_URL = (process.env.BASE_URL ?? '').replace(/\/$/, '');
if (!BASE_URL) {
  throw new Error('BASE_URL is not set: run the tests with e2e/run.sh');
}

/** Where failure screenshots go (run.sh sets it to its temporary directory). */
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? '';

/** A phone-sized viewport (CSS pixels). */
export const PHONE = { width: 360, height: 740 };

/** The demo users' password (see crates/rygrad/src/demo.rs). */
const DEMO_PASSWORD = 'demo-adgang';

/** The demo data's platform administrator. */
export const DEMO_ADMIN = { email: 'admin@demo.rygrad.dk', password: DEMO_PASSWORD };

// Flags that work on these machines (closed network; running as root). Playwright itself gives
// each launch a fresh, temporary --user-data-dir (it refuses one in `args` for launch()) and
// removes it on close.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/**
 * The browser of a test file: call once at its top level; the browser is launched before the
 * file's tests and closed after them. It stands in for the browser wherever a test takes one
 * (`newContext(browser)`, `browser.newContext(...)`).
 */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return { newContext: (options) => browser.newContext(options) };
}

/**
 * A fresh browser context (own cookies) whose browser asks for Danish, like most visitors;
 * `viewport` (e.g. PHONE) for a small screen.
 * Every page opened in it is tracked: page loads must each be followed by `checkA11y`, and
 * script errors and CSP violations in the console fail the test at `closeContext`.
 */
export async function newContext(browser, { locale = 'da-DK', viewport } = {}) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale, ...(viewport && { viewport }) });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  context.on('page', track);
  return context;
}

const tracked = new WeakMap();

function track(page) {
  const state = { loads: 0, checkedLoads: 0, status: undefined, problems: [] };
  tracked.set(page, state);
  page.on('response', (response) => {
    const request = response.request();
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      state.status = response.status();
    }
  });
  page.on('load', () => {
    state.loads += 1;
  });
  page.on('pageerror', (error) => state.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    // The page's own HTTP status is checked by `open` and `clickAndLoad` (a form shown again
    // with its messages is an expected 422).
    if (/^Failed to load resource/.test(text) && message.location()?.url === page.url()) return;
    state.problems.push(`console error on ${page.url()}: ${text}`);
  });
}

/** Closes a context after checking that every page load in it was checked with axe. */
export async function closeContext(context) {
  const failures = [];
  for (const page of context.pages()) {
    const state = tracked.get(page);
    if (!state) continue;
    if (state.loads > state.checkedLoads) {
      failures.push(`${page.url()}: ${state.loads - state.checkedLoads} page load(s) not checked with checkA11y`);
    }
    failures.push(...state.problems);
  }
  await context.close();
  assert.deepEqual(failures, [], `browser problems:\n${failures.join('\n')}`);
}

// ---- accessibility ----

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);
const reportedMinor = new Set();

/**
 * Runs axe-core on the page as it is now; fails on any violation of impact "serious" or
 * "critical", listing the rule, its help text and the elements. Lesser violations are printed
 * once per rule and page path, as information.
 *
 * The site's CSP allows no inline scripts, and `page.addScriptTag({ path })` inserts the file's
 * content as an inline script, which the CSP blocks; evaluating the source through the DevTools
 * protocol is not subject to the page's CSP, so the CSP stays on while the tests run.
 */
export async function checkA11y(page) {
  await page.waitForLoadState('load');
  const state = tracked.get(page);
  if (state) state.checkedLoads = state.loads;
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) {
    await page.evaluate(AXE_SOURCE);
  }
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, summary: n.failureSummary })),
    }));
  });
  const where = new URL(page.url()).pathname;
  const serious = results.filter((v) => FAILING_IMPACTS.has(v.impact));
  for (const v of results.filter((x) => !FAILING_IMPACTS.has(x.impact))) {
    const key = `${where} ${v.id}`;
    if (reportedMinor.has(key)) continue;
    reportedMinor.add(key);
    console.log(`# axe (${v.impact}, not failing) ${where}: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }
  if (serious.length > 0) {
    await screenshot(page, `a11y-${where.replace(/[^a-z0-9]+/gi, '_')}`);
    const text = serious
      .map((v) => [
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`),
      ].join('\n'))
      .join('\n');
    assert.fail(`axe-core found ${serious.length} serious/critical violation(s) on ${page.url()}:\n${text}`);
  }
}

export async function screenshot(page, name) {
  if (!ARTIFACTS) return;
  try {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  } catch {
    // The page may be gone; the assertion message is what matters.
  }
}

// ---- navigation ----

/**
 * Clicks something that loads a new page (a link or a form's submit button), waits for the new
 * page to load and checks the HTTP status of the document shown (after redirects): `status` if
 * given, else any success. Returns that status.
 */
export async function clickAndLoad(page, locator, { status } = {}) {
  const loaded = page.waitForEvent('load');
  await locator.click();
  await loaded;
  const state = tracked.get(page);
  const shown = state?.status;
  const expected = status === undefined ? shown < 400 : shown === status;
  // A failure here is the failure: the unchecked page is not reported again at closeContext.
  if (!expected && state) state.checkedLoads = state.loads;
  if (status === undefined) {
    assert.ok(shown < 400, `${page.url()} answered ${shown}: ${await mainText(page)}`);
  } else {
    assert.equal(shown, status, `${page.url()} answered ${shown}, expected ${status}`);
  }
  return shown;
}

async function mainText(page) {
  const text = await page.locator('main').innerText().catch(() => '');
  return text.replace(/\s+/g, ' ').slice(0, 300);
}

/** The path of the page shown. */
export function pathname(page) {
  return new URL(page.url()).pathname;
}

/**
 * Logs in on the login page (as a demo user unless a password is given), to go on to `next`
 * (a path) if given, and waits for the signed-in header.
 */
export async function logIn(page, { email, password = DEMO_PASSWORD }, { next } = {}) {
  await open(page, next ? `/log-ind?naeste=${next}` : '/log-ind');
  await checkA11y(page);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Adgangskode').fill(password);
  await clickAndLoad(page, page.locator('main').getByRole('button', { name: 'Log ind' }));
  await checkA11y(page);
  await page.locator('header').getByRole('link', { name: 'Min konto' }).waitFor();
}

// ---- forms ----

/**
 * Checks that a form shown again with an error for `field` (the input `#f-<field>` within
 * `scope`) says `message` beside the input and tied to it; returns the input.
 */
export async function assertFieldError(scope, field, message) {
  const input = scope.locator(`#f-${field}`);
  const error = scope.locator(`#f-${field}-error`);
  assert.match(await error.innerText(), message);
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await input.getAttribute('aria-describedby'), new RegExp(`\\bf-${field}-error\\b`),
    'the message is tied to the field');
  assert.equal(
    await error.evaluate((el) => el.closest('.field')?.querySelector('input')?.id),
    `f-${field}`,
    'the message is shown in the field it is about',
  );
  return input;
}

/** Opens `url` (a path on the site or a full address) and insists on a successful response. */
export async function open(page, url) {
  const response = await page.goto(url);
  assert.ok(response, `no response for ${url}`);
  assert.ok(response.ok(), `${url} answered ${response.status()}`);
  return response;
}

// ---- the outbox page (/udbakke): mail that was not sent because there is no SMTP server ----

/**
 * Opens the outbox page and returns the newest mail to `to` whose subject contains `subject`,
 * as { subject, body, link } where link is the first web address in the body.
 */
export async function readMail(page, { to, subject }) {
  await open(page, '/udbakke');
  await checkA11y(page);
  const mail = page
    .locator('article.mail')
    .filter({ has: page.locator('p', { hasText: to }) })
    .filter({ has: page.locator('h2', { hasText: subject }) })
    .first();
  await mail.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => {
    throw new Error(`no mail to ${to} with subject containing "${subject}" on /udbakke`);
  });
  const body = await mail.locator('pre.mail-body').innerText();
  const link = body.match(/https?:\/\/\S+/)?.[0];
  assert.ok(link, `the mail to ${to} has no link:\n${body}`);
  assert.ok(link.startsWith(`${BASE_URL}/`), `the link in the mail leads elsewhere than the site: ${link}`);
  return { subject: await mail.locator('h2').innerText(), body, link };
}

/** A value that differs on every run, for unique names and addresses. */
export function unique() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
}
