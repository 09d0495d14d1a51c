// End-to-end tests of Pathway in a real Chromium (Debian's), with axe-core
// accessibility checks on every page reached.
//
//   node tests/browser/run.mjs http://127.0.0.1:PORT
//
// The server must hold the demo council (`pathway demo --councils 1 --seed 1`), whose
// users have the password `pathway-demo-password`. scripts/browser-test sets all this up.
//
// Each flow is a list of named steps. A failing step ends its flow (later steps of the
// flow depend on it) and is reported with its name; the other flows still run, and the
// run exits 1 if any step failed. Pages that are only visited for accessibility (not
// part of a flow) are skipped, and reported as skipped, when the server answers 404.
//
// Environment: PATHWAY_CHROMIUM (default /usr/bin/chromium), PATHWAY_SCREENSHOTS
// (default target/browser-screenshots).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { zipFiles } from './zip.mjs';

const base = (process.argv[2] || '').replace(/\/$/, '');
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node tests/browser/run.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const CHROMIUM = process.env.PATHWAY_CHROMIUM || '/usr/bin/chromium';
const SCREENSHOTS = resolve(process.env.PATHWAY_SCREENSHOTS || 'target/browser-screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LEAD = 'lead@demo.pathway.example';
const PASSWORD = 'pathway-demo-password';
const COUNCIL = '990';
const STEP_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------
// The runner.

const results = []; // { flow, step, ok, error, ms }
const skipped = [];
let screenshotNumber = 0;

class StepFailure extends Error {}
const SKIPPED = Symbol('skipped');

function check(condition, message) {
  if (!condition) throw new StepFailure(message);
}

async function flow(name, steps) {
  console.log(`\n${name}`);
  for (const [stepName, body] of steps) {
    const started = Date.now();
    try {
      const outcome = await body();
      const ms = Date.now() - started;
      results.push({ flow: name, step: stepName, ok: true, ms });
      console.log(`  ${outcome === SKIPPED ? 'skip' : 'ok  '}  ${stepName} (${ms} ms)`);
    } catch (error) {
      const ms = Date.now() - started;
      const message = error instanceof StepFailure ? error.message : error.stack || String(error);
      results.push({ flow: name, step: stepName, ok: false, error: message, ms });
      console.log(`  FAIL  ${stepName} (${ms} ms)\n${indent(message, 8)}`);
      const remaining = steps.slice(steps.findIndex(([n]) => n === stepName) + 1);
      for (const [later] of remaining) console.log(`  --    ${later} (not run: an earlier step failed)`);
      return false;
    }
  }
  return true;
}

function indent(text, spaces) {
  const pad = ' '.repeat(spaces);
  return String(text)
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}

// ---------------------------------------------------------------------------------
// Pages: every page reached is screenshotted and checked with axe.

/** Screenshots the page (full page) and fails the step on any axe violation. */
async function reached(page, name) {
  screenshotNumber += 1;
  const file = join(SCREENSHOTS, `${String(screenshotNumber).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const axe = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  axeChecked += 1;
  if (axe.violations.length > 0) {
    const lines = [`accessibility: ${axe.violations.length} axe violation(s) on ${page.url()} (${name}):`];
    for (const v of axe.violations) {
      lines.push(`  ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
      for (const node of v.nodes.slice(0, 10)) {
        lines.push(`    at ${node.target.join(' ')}`);
        if (node.failureSummary) lines.push(indent(node.failureSummary, 6));
      }
      if (v.nodes.length > 10) lines.push(`    ... and ${v.nodes.length - 10} more`);
    }
    axeViolations.push(...axe.violations.map((v) => `${name}: ${v.id}`));
    throw new StepFailure(lines.join('\n'));
  }
}
let axeChecked = 0;
const axeViolations = [];

function path(page) {
  return new URL(page.url()).pathname;
}

async function text(locator) {
  return ((await locator.innerText()) || '').replace(/\s+/g, ' ').trim();
}

/** The error summary's list of links, as [href, text] pairs; fails if there is none. */
async function errorSummary(page) {
  const summary = page.locator('.govuk-error-summary');
  check((await summary.count()) === 1, `expected an error summary on ${page.url()}, found none`);
  const links = summary.locator('.govuk-error-summary__list a');
  const out = [];
  for (let i = 0; i < (await links.count()); i++) {
    out.push([await links.nth(i).getAttribute('href'), await text(links.nth(i))]);
  }
  return out;
}

async function goto(page, url) {
  const response = await page.goto(base + url);
  check(response, `no response for ${url}`);
  return response;
}

// ---------------------------------------------------------------------------------
// The data the import flow uploads.

const stamp = Date.now().toString(36).toUpperCase();
const NEW_WORKER = `E2E-${stamp}`;

function csv(rows) {
  return rows.map((row) => row.join(',')).join('\r\n') + '\r\n';
}

function importZip(name, employmentStart) {
  const dir = mkdtempSync(join(tmpdir(), 'pathway-upload-'));
  const file = join(dir, name);
  writeFileSync(
    file,
    zipFiles({
      'workers.csv': csv([
        ['authority', 'worker_id', 'given_name', 'family_name'],
        [COUNCIL, NEW_WORKER, 'Imogen', 'Browsertest'],
      ]),
      'employments.csv': csv([
        ['authority', 'employment_id', 'worker_id', 'start_date'],
        [COUNCIL, `${NEW_WORKER}-1`, NEW_WORKER, employmentStart],
      ]),
    }),
  );
  tempDirs.push(dir);
  return file;
}
const tempDirs = [];

// ---------------------------------------------------------------------------------
// The flows.

async function main() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const old of readdirSync(SCREENSHOTS)) if (old.endsWith('.png')) unlinkSync(join(SCREENSHOTS, old));
  const profile = mkdtempSync(join(tmpdir(), 'pathway-chromium-'));
  tempDirs.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const page = context.pages()[0] || (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

  try {
    await run(page);
  } finally {
    await context.close();
  }
  if (pageErrors.length > 0) {
    console.log('\nJavaScript errors in the pages:');
    for (const e of pageErrors) console.log(`  ${e}`);
    results.push({ flow: 'pages', step: 'no JavaScript errors', ok: false, error: pageErrors.join('\n') });
  }
}

async function run(page) {
  // 1. Signing in.
  const signedIn = await flow('1. Sign in', [
    [
      'opening / redirects to /sign-in',
      async () => {
        await goto(page, '/');
        check(path(page) === '/sign-in', `expected /sign-in, got ${page.url()}`);
        await reached(page, 'sign-in');
      },
    ],
    [
      'submitting the empty form lists both fields in the error summary',
      async () => {
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        const hrefs = links.map(([href]) => href);
        check(hrefs.includes('#email'), `error summary does not link to #email: ${JSON.stringify(links)}`);
        check(hrefs.includes('#password'), `error summary does not link to #password: ${JSON.stringify(links)}`);
        check((await page.title()).startsWith('Error:'), `title should start with "Error:": ${await page.title()}`);
        await reached(page, 'sign-in-errors');
      },
    ],
    [
      'signing in as the workforce lead opens the dashboard',
      async () => {
        await page.fill('#email', LEAD);
        await page.fill('#password', PASSWORD);
        await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('button', { name: 'Sign in' }).click()]);
        const h1 = await text(page.locator('h1'));
        check(h1.includes('Workforce at'), `dashboard h1 should contain "Workforce at": "${h1}"`);
      },
    ],
  ]);
  if (!signedIn) {
    console.log('\nCannot sign in: the other flows need a signed-in user and are not run.');
    for (const name of ['2. Dashboard', '3. Register', '4. Edit a person', '5. Import', '6. Academy', '7. Sign out']) {
      results.push({ flow: name, step: '(not run: signing in failed)', ok: false, error: 'signing in failed' });
    }
    return;
  }

  // 2. The dashboard.
  await flow('2. Dashboard', [
    [
      'headline figures are shown',
      async () => {
        for (const label of ['Social workers in post', 'Turnover in the year']) {
          check((await page.getByText(label, { exact: true }).count()) > 0, `dashboard lacks the figure "${label}"`);
        }
        const figures = page.locator('.pathway-figure');
        const count = await figures.count();
        check(count >= 3, `expected at least 3 headline figures, found ${count}`);
        const first = await text(figures.first());
        check(/\d/.test(first), `the first headline figure has no number: "${first}"`);
        const rows = await page.locator('table tbody tr').count();
        check(rows > 0, 'the caseloads table has no rows');
        await reached(page, 'dashboard');
      },
    ],
  ]);

  // 3. The register: search and open a person.
  let person = null; // { url, name, family }
  await flow('3. Register', [
    [
      'the register lists workers',
      async () => {
        const response = await goto(page, '/workers');
        check(response.status() === 200, `/workers answered ${response.status()}`);
        check((await page.locator('table tbody tr').count()) > 0, 'the register table has no rows');
        await reached(page, 'workers');
      },
    ],
    [
      'searching for a family name from the first row finds them',
      async () => {
        const row = page.locator('table tbody tr').first();
        const link = row.locator('a').first();
        check((await link.count()) === 1, 'the first row of the register has no link to the person');
        const linkText = await text(link);
        const family = await familyNameOf(page, row, linkText);
        check(family, `could not find a family name in the first row: "${await text(row)}"`);
        await page.fill('#q', family);
        await Promise.all([page.waitForURL((url) => url.pathname === '/workers' && url.search.length > 1), page.getByRole('button', { name: 'Search' }).click()]);
        const rows = page.locator('table tbody tr');
        const count = await rows.count();
        check(count > 0, `searching for "${family}" found no rows`);
        const matching = rows.filter({ hasText: family });
        check((await matching.count()) > 0, `no result row contains "${family}"`);
        check((await page.inputValue('#q')) === family, 'the search box should still hold the search');
        person = { family, linkText };
        await reached(page, 'workers-search');
      },
    ],
    [
      'opening the person shows their page',
      async () => {
        const link = page.locator('table tbody tr').filter({ hasText: person.family }).first().locator('a').first();
        const name = await text(link);
        await Promise.all([page.waitForURL(/\/workers\/[^/]+$/), link.click()]);
        const h1 = await text(page.locator('h1'));
        check(h1 === name || (h1.includes(person.family) && sameWords(h1, name)), `person page h1 "${h1}" is not the name "${name}"`);
        person = { ...person, url: path(page), name: h1 };
        await reached(page, 'person');
      },
    ],
    // [issue 11: subject access]
    [
      '"Subject access request" shows everything held about them, with the downloads',
      async () => {
        await Promise.all([
          page.waitForURL((url) => url.pathname === `${person.url}/subject-access`),
          page.getByRole('link', { name: /^Subject access request/ }).click(),
        ]);
        const h1 = await text(page.locator('h1'));
        check(h1.includes(person.family), `subject access h1 "${h1}" does not name ${person.family}`);
        for (const suffix of ['.pdf', '.json']) {
          const href = `${person.url}/subject-access${suffix}`;
          check((await page.locator(`a[href="${href}"]`).count()) === 1, `no link to ${href}`);
        }
        check((await page.locator('table').count()) > 0, 'the response has no tables');
        await reached(page, 'subject-access');
        await goto(page, person.url);
      },
    ],
  ]);

  // 4. Editing a person: a mistake, then a correct save.
  const newFamily = 'Penhaligon';
  await flow('4. Edit a person', [
    [
      '"Edit details" opens the edit form',
      async () => {
        check(person && person.url, 'no person page from flow 3');
        if (path(page) !== person.url) await goto(page, person.url);
        await Promise.all([page.waitForURL((url) => url.pathname === `${person.url}/edit`), page.getByRole('link', { name: 'Edit details' }).click()]);
        check(await page.locator('#family_name').count(), 'the edit form has no #family_name');
        check(await page.locator('#swe_number').count(), 'the edit form has no #swe_number');
        await reached(page, 'person-edit');
      },
    ],
    [
      'an invalid SWE number is refused, keeping what was typed',
      async () => {
        await page.fill('#swe_number', 'SW0123');
        await page.fill('#family_name', newFamily);
        await page.getByRole('button', { name: 'Save changes' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.some(([href]) => href === '#swe_number'), `the error summary does not link to #swe_number: ${JSON.stringify(links)}`);
        check((await page.inputValue('#family_name')) === newFamily, `#family_name should still hold "${newFamily}", holds "${await page.inputValue('#family_name')}"`);
        check((await page.inputValue('#swe_number')) === 'SW0123', `#swe_number should still hold "SW0123", holds "${await page.inputValue('#swe_number')}"`);
        await reached(page, 'person-edit-errors');
      },
    ],
    [
      'a valid SWE number saves, and the person page shows the change',
      async () => {
        await page.fill('#swe_number', 'SW9876543');
        await Promise.all([page.waitForURL((url) => url.pathname === person.url), page.getByRole('button', { name: 'Save changes' }).click()]);
        check((await page.getByText('Details saved').count()) > 0, 'the person page does not say "Details saved"');
        const h1 = await text(page.locator('h1'));
        check(h1.includes(newFamily), `the person page h1 "${h1}" lacks the new family name "${newFamily}"`);
        check((await page.getByText('SW9876543').count()) > 0, 'the person page does not show the new SWE number');
        await reached(page, 'person-saved');
      },
    ],
  ]);

  // 5. Importing a file with a problem, then a good one.
  await flow('5. Import', [
    [
      'the import page has a file upload',
      async () => {
        const response = await goto(page, '/import');
        check(response.status() === 200, `/import answered ${response.status()}`);
        check(await page.locator('#file').count(), 'the import page has no #file input');
        await reached(page, 'import');
      },
    ],
    [
      'a file with a bad date is refused, naming the file, row and column',
      async () => {
        await page.setInputFiles('#file', importZip('bad-date.zip', '2024-13-45'));
        await page.getByRole('button', { name: 'Check file' }).click();
        await page.waitForLoadState();
        const problem = page.locator('table tr').filter({ hasText: 'employments.csv' }).filter({ hasText: 'start_date' });
        check((await problem.count()) > 0, `no problem row names employments.csv and start_date; the page says: ${(await text(page.locator('main'))).slice(0, 600)}`);
        const rowText = await text(problem.first());
        check(/(^|[^0-9])2([^0-9]|$)/.test(rowText), `the problem row does not give row 2: "${rowText}"`);
        check((await page.getByRole('button', { name: 'Import', exact: true }).count()) === 0, 'a file with problems should not offer "Import"');
        await reached(page, 'import-problems');
      },
    ],
    [
      'a good file is checked and summarised',
      async () => {
        if (path(page) !== '/import' || !(await page.locator('#file').count())) await goto(page, '/import');
        await page.setInputFiles('#file', importZip('good.zip', '2024-09-02'));
        await page.getByRole('button', { name: 'Check file' }).click();
        await page.waitForLoadState();
        const main = await text(page.locator('main'));
        for (const file of ['workers.csv', 'employments.csv']) {
          const row = page.locator('table tr').filter({ hasText: file });
          check((await row.count()) > 0, `the summary has no row for ${file}: ${main.slice(0, 600)}`);
          const cells = await row.first().locator('td').allInnerTexts();
          check(cells.map((c) => c.trim()).includes('1'), `the summary row for ${file} does not show 1 added: "${await text(row.first())}"`);
        }
        check((await page.getByRole('button', { name: 'Import', exact: true }).count()) === 1, `no "Import" button after a clean check: ${main.slice(0, 600)}`);
        await reached(page, 'import-summary');
      },
    ],
    [
      '"Import" imports it',
      async () => {
        await page.getByRole('button', { name: 'Import', exact: true }).click();
        await page.waitForLoadState();
        check((await page.getByText('Import complete').count()) > 0, `the page does not say "Import complete": ${(await text(page.locator('main'))).slice(0, 600)}`);
        await reached(page, 'import-complete');
      },
    ],
  ]);

  // 6. The academy: a cohort from the full programme, its first register, and a
  // 3-month review that leaves the overdue list once recorded. The cohort starts four
  // months ago, so its members' 3-month reviews are overdue today.
  const started = new Date();
  started.setMonth(started.getMonth() - 4);
  const cohortId = `E2E-${stamp}`;
  const cohortName = `Browser test cohort ${stamp}`;
  let cohort = null; // { url, member: { id, name, url } }
  await flow('6. Academy', [
    [
      'the academy lists its cohorts and links to the programmes',
      async () => {
        const response = await goto(page, '/academy');
        check(response.status() === 200, `/academy answered ${response.status()}`);
        check((await text(page.locator('h1'))) === 'Academy', 'the academy page has no "Academy" heading');
        check((await page.locator('a[href="/academy/cohorts/new"]').filter({ hasText: 'Create a cohort' }).count()) > 0, 'no "Create a cohort" button for the workforce lead');
        await reached(page, 'academy');
      },
    ],
    [
      'the full programme shows its ten induction and four recall days',
      async () => {
        const response = await goto(page, '/academy/programmes/full');
        check(response.status() === 200, `/academy/programmes/full answered ${response.status()}`);
        const rows = await page.locator('table tbody tr').count();
        check(rows >= 14, `the full programme's table has ${rows} rows, expected 14`);
        await reached(page, 'academy-programme-full');
      },
    ],
    [
      'a cohort without a start date is refused, keeping what was typed',
      async () => {
        await goto(page, '/academy/cohorts/new');
        await page.fill('#name', cohortName);
        await page.fill('#cohort_id', cohortId);
        await page.check('#programme');
        await page.getByRole('button', { name: 'Create cohort' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.some(([href]) => href.startsWith('#start_date')), `the error summary does not link to the start date: ${JSON.stringify(links)}`);
        check((await page.inputValue('#name')) === cohortName, 'the cohort name was not kept');
        check((await page.inputValue('#cohort_id')) === cohortId, 'the cohort ID was not kept');
        await reached(page, 'academy-cohort-new-errors');
      },
    ],
    [
      'creating a cohort from the full programme lays out its 14 sessions',
      async () => {
        await page.fill('#start_date-day', String(started.getDate()));
        await page.fill('#start_date-month', String(started.getMonth() + 1));
        await page.fill('#start_date-year', String(started.getFullYear()));
        const boxes = page.locator('input[type=checkbox][name=members]');
        check((await boxes.count()) >= 2, 'fewer than two people are offered as members');
        await boxes.nth(0).check();
        await boxes.nth(1).check();
        await Promise.all([
          page.waitForURL((url) => url.pathname === `/academy/cohorts/${cohortId}`),
          page.getByRole('button', { name: 'Create cohort' }).click(),
        ]);
        check((await text(page.locator('h1'))) === cohortName, `the cohort page's heading is not "${cohortName}"`);
        for (let n = 1; n <= 14; n++) {
          check((await page.locator(`#session-${n}`).count()) === 1, `the cohort page has no session ${n}`);
        }
        const memberLinks = page.locator(`a[href^="/academy/cohorts/${cohortId}/members/"]`);
        check((await memberLinks.count()) === 2, `expected 2 member links, found ${await memberLinks.count()}`);
        const first = memberLinks.first();
        const url = await first.getAttribute('href');
        cohort = { url: path(page), member: { url, id: decodeURIComponent(url.split('/').pop()), name: await text(first) } };
        await reached(page, 'academy-cohort');
      },
    ],
    [
      'taking the first session\'s register records every mark',
      async () => {
        await goto(page, `${cohort.url}/sessions/1`);
        const present = page.locator('input[type=radio][value=present]');
        check((await present.count()) === 2, `the register has ${await present.count()} "present" choices, expected 2`);
        await present.nth(0).check();
        await page.locator('input[type=radio][value=excused]').nth(1).check();
        await page.getByRole('button', { name: 'Save register' }).click();
        await page.waitForLoadState();
        check(path(page) === `${cohort.url}/sessions/1`, `saving the register went to ${page.url()}`);
        check(await page.locator('input[type=radio][value=present]').nth(0).isChecked(), 'the first member is not marked present after saving');
        check(await page.locator('input[type=radio][value=excused]').nth(1).isChecked(), 'the second member is not marked excused after saving');
        await reached(page, 'academy-register');
      },
    ],
    [
      'the member\'s 3-month review is overdue and on the due list',
      async () => {
        await goto(page, cohort.member.url);
        const review = page.locator('table tbody tr').filter({ has: page.locator('th', { hasText: '3-month review' }) });
        check((await review.count()) === 1, 'the member page has no 3-month review row');
        check((await text(review)).includes('Overdue'), `the 3-month review is not overdue: "${await text(review)}"`);
        await reached(page, 'academy-member');
        await goto(page, `/academy/due?cohort=${encodeURIComponent(cohortId)}`);
        const due = page.locator('#overdue ~ table').first().locator('tbody tr').filter({ hasText: '3-month review' }).filter({ hasText: cohort.member.name });
        check((await due.count()) === 1, `the overdue list lacks ${cohort.member.name}'s 3-month review`);
        await reached(page, 'academy-due');
      },
    ],
    [
      'recording the 3-month review makes it done and takes it off the overdue list',
      async () => {
        await goto(page, cohort.member.url);
        await page.check('#review_kind');
        const today = new Date();
        await page.fill('#held_on-day', String(today.getDate()));
        await page.fill('#held_on-month', String(today.getMonth() + 1));
        await page.fill('#held_on-year', String(today.getFullYear()));
        await page.fill('#review_assessor', 'Alex Assessor');
        await page.fill('#review_notes', 'Settling in well; agreed two learning goals.');
        await Promise.all([
          page.waitForURL((url) => url.pathname === cohort.member.url && url.search.includes('saved')),
          page.getByRole('button', { name: 'Record review' }).click(),
        ]);
        const review = page.locator('table tbody tr').filter({ has: page.locator('th', { hasText: '3-month review' }) });
        check((await text(review)).includes('Done'), `the 3-month review is not done: "${await text(review)}"`);
        await reached(page, 'academy-member-review-saved');
        await goto(page, `/academy/due?cohort=${encodeURIComponent(cohortId)}`);
        const due = page.locator('table tbody tr').filter({ hasText: '3-month review' }).filter({ hasText: cohort.member.name });
        check((await due.count()) === 0, `${cohort.member.name}'s 3-month review is still on the due list`);
      },
    ],
    [
      'the cohort\'s calendar can be subscribed to',
      async () => {
        await goto(page, `${cohort.url}/calendar-feed`);
        await page.getByRole('button', { name: 'Create a new subscription link' }).click();
        await page.waitForLoadState();
        const body = await text(page.locator('main'));
        const link = body.match(/\/calendar\/[0-9a-f]{64}\.ics/);
        check(link, `no subscription link on the page: ${body.slice(0, 400)}`);
        await reached(page, 'academy-calendar-feed');
        const feed = await page.request.get(base + link[0]);
        check(feed.status() === 200, `the feed answered ${feed.status()}`);
        const ics = await feed.text();
        check(ics.startsWith('BEGIN:VCALENDAR'), 'the feed is not an iCalendar file');
        check((ics.match(/BEGIN:VEVENT/g) || []).length === 14, 'the feed does not hold the 14 sessions');
      },
    ],
  ]);

  // Recruitment events: record an event's attendees and see the funnel count them;
  // a candidate from the event joins the funnel's applications.
  let recruitmentEvent = null; // { url, id, attendeesBefore }
  const funnelCount = async (step) => text(page.locator(`#funnel-${step} td`).first());
  const funnelSource = async (step) => text(page.locator(`#funnel-${step} td`).nth(1));
  await flow('8. Recruitment events', [
    [
      'the events list shows each event\'s funnel and the out-of-hours comparison',
      async () => {
        const response = await goto(page, '/recruitment/events');
        check(response.status() === 200, `/recruitment/events answered ${response.status()}`);
        check((await text(page.locator('h1'))) === 'Recruitment events', 'the events page has no "Recruitment events" heading');
        check((await page.locator('#hours-comparison tbody tr').count()) === 3, 'the out-of-hours comparison does not have its three rows');
        const links = page.locator('#events tbody tr th a');
        check((await links.count()) > 0, 'the demo council lists no recruitment events');
        const url = await links.first().getAttribute('href');
        recruitmentEvent = { url, id: decodeURIComponent(url.split('/').pop()) };
        await reached(page, 'recruitment-events');
      },
    ],
    [
      'an event\'s page shows its funnel as a chart and a table',
      async () => {
        await goto(page, recruitmentEvent.url);
        check((await page.locator('#funnel svg[role="img"]').count()) === 1, 'the funnel chart is missing');
        check((await page.locator('#funnel-table tbody tr').count()) === 4, 'the funnel table does not have its four steps');
        const recorded = (await funnelSource('attendees')) === 'Attendees recorded in Pathway';
        recruitmentEvent.attendeesBefore = recorded ? Number(await funnelCount('attendees')) : 0;
        await reached(page, 'recruitment-event');
      },
    ],
    [
      'an attendee without a name is refused, keeping what was typed',
      async () => {
        await page.fill('#attendee_email', `visitor-${stamp.toLowerCase()}@example.org`);
        await page.getByRole('button', { name: 'Add attendee' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.some(([href]) => href === '#attendee_name'), `the error summary does not link to the name: ${JSON.stringify(links)}`);
        check((await page.inputValue('#attendee_email')) === `visitor-${stamp.toLowerCase()}@example.org`, 'the email typed was not kept');
        await reached(page, 'recruitment-event-attendee-errors');
      },
    ],
    [
      'adding two attendees raises the funnel\'s attendee count by two',
      async () => {
        for (const name of [`Ada Visitor ${stamp}`, `Ben Visitor ${stamp}`]) {
          await goto(page, recruitmentEvent.url);
          await page.fill('#attendee_name', name);
          await page.fill('#attendee_email', '');
          await page.fill('#interested_in', 'child protection, part time');
          await Promise.all([
            page.waitForURL((url) => url.pathname === recruitmentEvent.url && url.search.includes('saved=attendee')),
            page.getByRole('button', { name: 'Add attendee' }).click(),
          ]);
          check((await page.locator('#attendees ~ table tbody tr').filter({ hasText: name }).count()) === 1, `${name} is not in the attendees' list`);
        }
        const count = await funnelCount('attendees');
        check(count === String(recruitmentEvent.attendeesBefore + 2), `the funnel counts ${count} attendees, expected ${recruitmentEvent.attendeesBefore + 2}`);
        check((await funnelSource('attendees')) === 'Attendees recorded in Pathway', 'the attendee count is not counted from the recorded attendees');
        await reached(page, 'recruitment-event-attendees');
      },
    ],
    [
      'a candidate from the event is added from the candidates\' list',
      async () => {
        const response = await goto(page, '/recruitment/candidates');
        check(response.status() === 200, `/recruitment/candidates answered ${response.status()}`);
        await reached(page, 'recruitment-candidates');
        await goto(page, '/recruitment/candidates/new');
        await page.fill('#given_name', 'Ada');
        await page.fill('#family_name', `Visitor ${stamp}`);
        await page.check('#source');
        await page.selectOption('#event', recruitmentEvent.id);
        await reached(page, 'recruitment-candidate-new');
        await Promise.all([
          page.waitForURL((url) => url.pathname.startsWith('/recruitment/candidates/') && url.search.includes('saved=added')),
          page.getByRole('button', { name: 'Add candidate' }).click(),
        ]);
        check((await text(page.locator('h1'))) === `Ada Visitor ${stamp}`, 'the candidate page does not name the candidate');
        await reached(page, 'recruitment-candidate');
      },
    ],
    [
      'the event\'s funnel counts the candidate among its applications',
      async () => {
        await goto(page, recruitmentEvent.url);
        check((await funnelSource('applications')) === 'Candidates from the event', 'applications are not counted from the candidates');
        const count = Number(await funnelCount('applications'));
        check(count >= 1, `the funnel counts ${count} applications`);
      },
    ],
  ]);

  // The vacancy board: a post and a vacancy for it, moved stage by stage with the
  // board's Move-to forms to filled, then its history on its own page.
  const vacancyId = `E2E-V-${stamp}`;
  const card = () => page.locator(`li[id="vacancy-${vacancyId}"]`);
  await flow('9. Vacancy board', [
    [
      'recruitment\'s home shows its figures and links to every part',
      async () => {
        const response = await goto(page, '/recruitment');
        check(response.status() === 200, `/recruitment answered ${response.status()}`);
        check((await text(page.locator('h1'))) === 'Recruitment', 'the recruitment page has no "Recruitment" heading');
        for (const href of ['/recruitment/vacancies', '/recruitment/posts', '/recruitment/vacancies/measures', '/recruitment/candidates', '/recruitment/events', '/recruitment/placements', '/recruitment/international', '/recruitment/agency']) {
          check((await page.locator(`main a[href="${href}"]`).count()) > 0, `recruitment's home does not link to ${href}`);
        }
        check(/\d/.test(await text(page.locator('.pathway-figure').first())), 'the open vacancies figure has no number');
        await reached(page, 'recruitment');
      },
    ],
    [
      'a post is added to the establishment',
      async () => {
        await goto(page, '/recruitment/posts/new');
        await page.fill('#title', `Social worker, E2E ${stamp}`);
        await page.selectOption('#team', { index: 1 });
        await page.selectOption('#role', 'social_worker');
        await Promise.all([
          page.waitForURL((url) => url.pathname.startsWith('/recruitment/posts/') && url.search.includes('added=1')),
          page.getByRole('button', { name: 'Add the post' }).click(),
        ]);
        check((await text(page.locator('h1'))) === `Social worker, E2E ${stamp}`, 'the post page does not show the post');
        await reached(page, 'recruitment-post');
        await goto(page, '/recruitment/posts');
        check((await page.getByText(`Social worker, E2E ${stamp}`).count()) === 1, 'the establishment does not list the new post');
        await reached(page, 'recruitment-posts');
      },
    ],
    [
      'a vacancy without an ID is refused, keeping what was typed',
      async () => {
        await goto(page, '/recruitment/vacancies/new');
        await page.fill('#vacancy_id', '');
        const options = await page.locator('#post option').allTextContents();
        const index = options.findIndex((label) => label.includes(`E2E ${stamp}`));
        check(index > 0, 'the new post is not offered for the vacancy');
        await page.selectOption('#post', { index });
        await page.getByRole('button', { name: 'Add the vacancy' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.some(([href]) => href === '#vacancy_id'), `the error summary does not link to the ID: ${JSON.stringify(links)}`);
        const chosen = await page.locator('#post option:checked').innerText();
        check(chosen.includes(`E2E ${stamp}`), `the post chosen was not kept: "${chosen}"`);
        await reached(page, 'recruitment-vacancy-new-errors');
      },
    ],
    [
      'the vacancy is added, advertised, for the post',
      async () => {
        await page.fill('#vacancy_id', vacancyId);
        await page.selectOption('#stage', 'advertised');
        await Promise.all([
          page.waitForURL((url) => url.pathname === `/recruitment/vacancies/${vacancyId}` && url.search.includes('added=1')),
          page.getByRole('button', { name: 'Add the vacancy' }).click(),
        ]);
        check((await text(page.locator('h1'))) === `Vacancy ${vacancyId}`, 'the vacancy page does not name the vacancy');
        await reached(page, 'recruitment-vacancy-added');
      },
    ],
    [
      'the board moves it stage by stage to filled with the Move-to forms',
      async () => {
        await goto(page, '/recruitment/vacancies');
        check((await page.locator(`#stage-advertised li[id="vacancy-${vacancyId}"]`).count()) === 1, 'the new vacancy is not in the Advertised column');
        await reached(page, 'recruitment-board');
        for (const stage of ['shortlisting', 'interview', 'offer', 'pre_employment_checks', 'filled']) {
          await card().locator('select').selectOption(stage);
          await Promise.all([
            page.waitForURL((url) => url.pathname === '/recruitment/vacancies' && url.search.includes(`moved=${vacancyId}`) && url.search.includes(`stage=${stage}`)),
            card().getByRole('button', { name: `Move vacancy ${vacancyId}` }).click(),
          ]);
          check((await page.locator(`#stage-${stage} li[id="vacancy-${vacancyId}"]`).count()) === 1, `the vacancy is not in the ${stage} column after moving it there`);
        }
        check((await card().locator('form').count()) === 0, 'a filled vacancy still has a Move-to form');
        check((await text(card())).includes('Filled on'), 'the filled card does not say when it was filled');
        await reached(page, 'recruitment-board-filled');
      },
    ],
    [
      'its page shows every stage with who moved it and when, and days to fill',
      async () => {
        await card().getByRole('link', { name: `Vacancy ${vacancyId}` }).click();
        await page.waitForURL((url) => url.pathname === `/recruitment/vacancies/${vacancyId}`);
        const rows = page.locator('table tbody tr');
        check((await rows.count()) === 6, `the history has ${await rows.count()} rows, expected 6`);
        const stages = [];
        for (let i = 0; i < 6; i++) {
          const row = await text(rows.nth(i));
          check(row.includes(LEAD), `history row ${i + 1} does not name who moved it: "${row}"`);
          stages.push(await text(rows.nth(i).locator('th')));
        }
        check(JSON.stringify(stages) === JSON.stringify(['Advertised', 'Shortlisting', 'Interview', 'Offer', 'Pre-employment checks', 'Filled']), `the history's stages are ${JSON.stringify(stages)}`);
        check((await page.getByText('Days to fill', { exact: true }).count()) === 1, 'the vacancy page does not show days to fill');
        check((await page.getByRole('heading', { name: 'Move the vacancy' }).count()) === 0, 'a filled vacancy can still be moved');
        await reached(page, 'recruitment-vacancy');
      },
    ],
    [
      'the vacancy measures show vacancy FTE month by month and the stages on a date',
      async () => {
        const response = await goto(page, '/recruitment/vacancies/measures?date=2024-03-31');
        check(response.status() === 200, `/recruitment/vacancies/measures answered ${response.status()}`);
        check((await page.locator('svg#chart-vacancy-fte[role="img"]').count()) === 1, 'the vacancy FTE chart is missing');
        check((await text(page.locator('#stages-heading ~ table caption'))).includes('31 March 2024'), 'the stages table is not for the date asked');
        await reached(page, 'recruitment-measures');
      },
    ],
  ]);

  // 10. Caseloads: the lead sees the bands; the team manager records a count above the
  // threshold for someone in their team and finds them on the alert list.
  const MANAGER = 'manager@demo.pathway.example';
  let caseloadWorker = '';
  // Signs out whoever is signed in (if anyone) and signs in as `email`.
  const signInAs = async (email) => {
    await goto(page, '/');
    if (path(page) !== '/sign-in') {
      await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    }
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in' }).click()]);
  };
  await flow('10. Caseloads', [
    [
      'the workforce lead sees the bands as a chart and a table, and each team',
      async () => {
        const response = await goto(page, '/caseloads?date=2024-09-30');
        check(response.status() === 200, `/caseloads answered ${response.status()}`);
        check((await text(page.locator('h1'))) === 'Caseloads on 30 September 2024', 'the heading does not give the date asked');
        check((await page.locator('svg#caseload-bands[role="img"]').count()) === 1, 'the bands chart is missing');
        const caption = await text(page.locator('table caption').first());
        check(caption.includes('by band of cases'), `the bands table's caption is "${caption}"`);
        check((await page.locator('table').nth(1).locator('tbody tr').count()) > 0, 'no team is listed');
        await reached(page, 'caseloads');
      },
    ],
    [
      'the team manager signs in and opens the form for their team',
      async () => {
        await signInAs(MANAGER);
        await goto(page, '/caseloads');
        await page.locator('table').nth(1).locator('tbody tr th a').first().click();
        await page.waitForURL((url) => url.pathname.startsWith('/caseloads/teams/'));
        await reached(page, 'caseloads-team');
        await page.getByRole('link', { name: "Record this team's counts" }).click();
        await page.waitForURL((url) => url.pathname === '/caseloads/record');
        check((await page.locator('#cases-1').count()) === 1, 'the form lists nobody in the team');
        caseloadWorker = await page.locator('input[name="worker-1"]').getAttribute('value');
        await reached(page, 'caseloads-record');
      },
    ],
    [
      'a count that is not a number is refused, and what was typed is kept',
      async () => {
        await page.fill('#cases-1', 'lots');
        await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Record counts' }).click()]);
        const links = await errorSummary(page);
        check(links.some(([href]) => href === '#cases-1'), `the error summary does not link to #cases-1: ${JSON.stringify(links)}`);
        check((await page.inputValue('#cases-1')) === 'lots', 'the typed value was not kept');
        await reached(page, 'caseloads-record-errors');
      },
    ],
    [
      'a count above the threshold puts the worker on the alert list',
      async () => {
        await page.fill('#cases-1', '40');
        await Promise.all([
          page.waitForURL((url) => url.pathname.startsWith('/caseloads/teams/')),
          page.getByRole('button', { name: 'Record counts' }).click(),
        ]);
        await goto(page, '/caseloads/alerts');
        const row = page.locator(`tbody tr:has(a[href="/caseloads/workers/${caseloadWorker}"])`);
        check((await row.count()) === 1, `worker ${caseloadWorker} is not on the alert list`);
        check((await text(row)).includes('above the threshold'), `the alert does not say why: "${await text(row)}"`);
        await reached(page, 'caseloads-alerts');
      },
    ],
    [
      "the worker's trend shows the count and their threshold",
      async () => {
        await page.locator(`a[href="/caseloads/workers/${caseloadWorker}"]`).first().click();
        await page.waitForURL((url) => url.pathname === `/caseloads/workers/${caseloadWorker}`);
        check((await text(page.locator('.govuk-summary-list'))).includes('40 cases on'), 'the trend page does not show the new count');
        await reached(page, 'caseloads-worker');
      },
    ],
    [
      'the workforce lead signs back in',
      async () => {
        await signInAs(LEAD);
      },
    ],
  ]);
  // 10 and 11. The career pathway: the demo practitioner (in the demo manager's team,
  // with no self-assessment yet) rates themselves against the next level and submits;
  // the demo manager signs it off. Both flows sign in as someone else, so they end by
  // signing the workforce lead in again for the flows after them.
  const careerSignIn = async (email) => {
    await goto(page, '/career');
    if (path(page) !== '/sign-in') {
      await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
    }
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.pathname !== '/sign-in'), page.getByRole('button', { name: 'Sign in' }).click()]);
  };
  const career = { name: '', person: '', criteria: 0 };
  const careerSelf = await flow('11. Career pathway: self-assessment', [
    [
      'the practitioner signs in and /career opens their own pathway',
      async () => {
        await careerSignIn('practitioner@demo.pathway.example');
        await goto(page, '/career');
        check(/^\/career\/people\/[^/]+$/.test(path(page)), `expected the practitioner's own pathway, got ${page.url()}`);
        career.person = path(page);
        career.name = await text(page.locator('h1'));
        check((await text(page.locator('#next-level'))).length > 0, 'the pathway shows no next level');
        await reached(page, 'career-person');
      },
    ],
    [
      'submitting an empty self-assessment lists every unrated criterion',
      async () => {
        await Promise.all([page.waitForURL((url) => url.pathname === `${career.person}/assessments/new`), page.getByRole('link', { name: 'Start a self-assessment' }).click()]);
        check((await text(page.locator('h1'))).startsWith('New self-assessment against'), 'the form has no "New self-assessment" heading');
        await reached(page, 'career-assessment-new');
        career.criteria = await page.locator('textarea[name^="evidence-"]').count();
        check(career.criteria >= 4, `the form has ${career.criteria} criteria`);
        await page.getByRole('button', { name: 'Submit for sign-off' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.length === career.criteria, `expected ${career.criteria} errors, got ${JSON.stringify(links)}`);
        check(links[0][0] === '#rating-1', `the first error links to ${links[0][0]}`);
        await reached(page, 'career-assessment-errors');
      },
    ],
    [
      'rating every criterion with evidence and submitting it awaits sign-off',
      async () => {
        for (let i = 1; i <= career.criteria; i++) {
          await page.check(i <= career.criteria - 2 ? `#rating-${i}-confident` : `#rating-${i}-developing`);
          await page.fill(`#evidence-${i}`, `E2E ${stamp}: evidence ${i} from my cases`);
        }
        await Promise.all([
          page.waitForURL((url) => url.pathname.startsWith(`${career.person}/assessments/`) && url.search.includes('saved=submitted')),
          page.getByRole('button', { name: 'Submit for sign-off' }).click(),
        ]);
        check((await text(page.locator('#status'))) === 'Awaiting sign-off', `status is "${await text(page.locator('#status'))}"`);
        await reached(page, 'career-assessment-submitted');
      },
    ],
    [
      'their pathway shows their readiness for the next level and what stands between',
      async () => {
        await goto(page, career.person);
        const figure = await text(page.locator('#readiness-figure'));
        check(figure === `${career.criteria - 2} of ${career.criteria}`, `readiness is "${figure}"`);
        const gaps = await page.locator('#gaps tbody tr').count();
        check(gaps === 2, `expected 2 criteria between them and the next level, found ${gaps}`);
        await reached(page, 'career-person-readiness');
      },
    ],
    [
      'they add an action to their development plan',
      async () => {
        await goto(page, `${career.person}/plan`);
        await page.fill('#description', `E2E ${stamp}: shadow a senior colleague in court`);
        await Promise.all([page.waitForURL((url) => url.search.includes('saved=added')), page.getByRole('button', { name: 'Add the action' }).click()]);
        check((await page.getByText(`E2E ${stamp}: shadow a senior colleague in court`).count()) === 1, 'the plan does not list the action');
        await reached(page, 'career-plan');
        await goto(page, '/career/framework');
        await reached(page, 'career-framework');
      },
    ],
  ]);
  const careerSignedOff = await flow('12. Career pathway: sign-off', [
    [
      'the manager signs in and finds the self-assessment awaiting their sign-off',
      async () => {
        check(careerSelf, 'flow 10 did not submit a self-assessment');
        await careerSignIn('manager@demo.pathway.example');
        await goto(page, '/career');
        await reached(page, 'career-home-manager');
        const link = page.locator('#awaiting ~ table a', { hasText: career.name });
        check((await link.count()) >= 1, `${career.name} is not awaiting sign-off`);
        await Promise.all([page.waitForURL((url) => url.pathname.startsWith(`${career.person}/assessments/`)), link.first().click()]);
        await reached(page, 'career-assessment-review');
      },
    ],
    [
      'signing it off shows it signed off',
      async () => {
        await page.check('#decision');
        await page.fill('#comments', `E2E ${stamp}: well evidenced`);
        await Promise.all([page.waitForURL((url) => url.search.includes('saved=agreed')), page.getByRole('button', { name: 'Record the review' }).click()]);
        check((await text(page.locator('#status'))) === 'Signed off', `status is "${await text(page.locator('#status'))}"`);
        check((await text(page.locator('#review'))).includes('manager@demo.pathway.example'), 'the review does not name the manager');
        await reached(page, 'career-assessment-signed-off');
      },
    ],
    [
      'the workforce lead signs in again and sees the framework and the measures',
      async () => {
        await careerSignIn(LEAD);
        for (const [url, name] of [['/career', 'career-home'], ['/career/framework', 'career-framework-lead'], ['/career/measures', 'career-measures']]) {
          const response = await goto(page, url);
          check(response.status() === 200, `${url} answered ${response.status()}`);
          await reached(page, name);
        }
      },
    ],
  ]);
  // Whatever happened above, the flows after these need the lead signed in.
  if (!careerSignedOff) await careerSignIn(LEAD).catch(() => {});
  let trainee = null;
  await flow('13. Training', [
    [
      'the training page lists the courses, upcoming dates and mandatory compliance',
      async () => {
        const response = await goto(page, '/training');
        check(response.status() === 200, `/training answered ${response.status()}`);
        check((await text(page.locator('h1'))) === 'Training', 'the training page has no "Training" heading');
        check((await page.locator('a[href="/training/courses/SAFEGUARD"]').count()) > 0, 'the safeguarding course is not listed');
        check((await page.getByRole('link', { name: 'Add a course' }).count()) === 1, 'no "Add a course" link for the workforce lead');
        await reached(page, 'training');
      },
    ],
    [
      'taking a course date\'s register marks someone as attended',
      async () => {
        await goto(page, '/training/courses/SAFEGUARD');
        await reached(page, 'training-course');
        // The earliest date with people booked and nobody marked attended yet.
        const rows = page.locator('table').first().locator('tbody tr');
        let href = null;
        for (let i = 0; i < (await rows.count()); i++) {
          const cells = rows.nth(i).locator('td');
          const booked = await text(cells.nth(2));
          const attended = await text(cells.nth(3));
          if (attended === '0' && !booked.startsWith('0 of')) {
            href = await rows.nth(i).locator('th a').getAttribute('href');
            break;
          }
        }
        check(href !== null, 'no safeguarding date has a register to take');
        await goto(page, href);
        const attended = page.locator('input[type=radio][value=attended]');
        check((await attended.count()) > 0, 'the register offers nobody to mark attended');
        const name = await attended.nth(0).getAttribute('name');
        trainee = decodeURIComponent(name.replace('status-', ''));
        await attended.nth(0).check();
        await page.getByRole('button', { name: 'Save the register' }).click();
        await page.waitForLoadState();
        check(path(page) === href, `saving the register went to ${page.url()}`);
        check((await page.getByText('Register saved').count()) > 0, 'no "Register saved" banner');
        check(await page.locator(`input[name="${name}"][value=attended]`).isChecked(), 'the person is not marked attended after saving');
        await reached(page, 'training-register');
      },
    ],
    [
      'the person\'s training record shows the course attended',
      async () => {
        const response = await goto(page, `/training/people/${encodeURIComponent(trainee)}`);
        check(response.status() === 200, `the training record answered ${response.status()}`);
        const rows = page.locator('table').nth(1).locator('tbody tr');
        check((await rows.first().innerText()).includes('Attended'), 'the newest line of the record is not the attendance');
        await reached(page, 'training-person');
      },
    ],
    [
      'the reminder list and the skills register answer on the demo\'s last day',
      async () => {
        let response = await goto(page, '/training/reminders?date=2024-09-30');
        check(response.status() === 200, `/training/reminders answered ${response.status()}`);
        check((await page.getByRole('link', { name: 'Download this list as CSV' }).count()) === 1, 'no CSV download link');
        check((await page.locator('table tbody tr').count()) > 0, 'nobody is due soon or expired on the demo\'s last day');
        await reached(page, 'training-reminders');
        response = await goto(page, '/skills?kind=bsl');
        check(response.status() === 200, `/skills answered ${response.status()}`);
        const found = page.locator('table tbody tr th a');
        check((await found.count()) > 0, 'nobody is found with British Sign Language');
        await reached(page, 'skills-search');
        await goto(page, await found.first().getAttribute('href'));
        check((await page.getByText('British Sign Language').count()) > 0, 'the person\'s skills do not show BSL');
        await reached(page, 'skills-person');
      },
    ],
  ]);
  // 14. A coordinator records a feedback session with a theme and an action, marks the
  // action done and finds it in "you said, we did"; then the lead signs back in, as the
  // later flows expect.
  const feedbackTheme = `Too many meetings on Mondays (${stamp})`;
  const feedbackDid = `Team meetings moved to Wednesdays (${stamp}).`;
  const todayParts = () => {
    const now = new Date();
    return [String(now.getUTCDate()), String(now.getUTCMonth() + 1), String(now.getUTCFullYear())];
  };
  await flow('14. Feedback session', [
    [
      'signing in as the academy coordinator',
      async () => {
        await signInAs('academy@demo.pathway.example');
        await goto(page, '/feedback');
        check((await text(page.locator('h1'))) === 'Feedback sessions', 'the feedback page has no "Feedback sessions" heading');
        await reached(page, 'feedback');
      },
    ],
    [
      'a session without a place is refused, keeping what was typed',
      async () => {
        await page.getByRole('button', { name: 'Record a session' }).click();
        await page.waitForLoadState();
        await page.fill('#title', `Coffee and cake ${stamp}`);
        await page.fill('#attendees', '15');
        await page.fill('#run_by', 'Principal social worker');
        await page.getByRole('button', { name: 'Record the session' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.some(([href]) => href === '#place'), `the error summary does not link to the place: ${JSON.stringify(links)}`);
        check((await page.inputValue('#title')) === `Coffee and cake ${stamp}`, 'the title typed was not kept');
        await reached(page, 'feedback-session-errors');
      },
    ],
    [
      'recording the session opens its page',
      async () => {
        await page.fill('#place', 'North area office');
        await page.getByRole('button', { name: 'Record the session' }).click();
        await page.waitForLoadState();
        check(/^\/feedback\/sessions\/\d+$/.test(path(page)), `expected a session page, got ${page.url()}`);
        check((await text(page.locator('h1'))) === `Coffee and cake ${stamp}`, 'the session page has the wrong heading');
        await reached(page, 'feedback-session');
      },
    ],
    [
      'adding a theme and an action on it',
      async () => {
        await page.fill('#theme_text', feedbackTheme);
        await page.selectOption('#standard', 'wellbeing');
        await page.getByRole('button', { name: 'Add the theme' }).click();
        await page.waitForLoadState();
        check((await text(page.locator('.govuk-notification-banner__heading'))) === 'Theme added', 'no "Theme added" banner');
        await page.selectOption('#theme', '1');
        await page.fill('#description', 'Move the team meeting to Wednesdays');
        await page.fill('#owner', 'Head of service');
        await page.getByRole('button', { name: 'Add the action' }).click();
        await page.waitForLoadState();
        check((await text(page.locator('.govuk-notification-banner__heading'))) === 'Action added', 'no "Action added" banner');
        await reached(page, 'feedback-session-action');
      },
    ],
    [
      'marking the action done with what was done',
      async () => {
        await page.getByRole('link', { name: 'Update action 1' }).click();
        await page.waitForLoadState();
        await reached(page, 'feedback-action');
        await page.check('#status-done');
        const [day, month, year] = todayParts();
        await page.fill('#done_on-day', day);
        await page.fill('#done_on-month', month);
        await page.fill('#done_on-year', year);
        await page.fill('#what_we_did', feedbackDid);
        await page.getByRole('button', { name: 'Save the action' }).click();
        await page.waitForLoadState();
        check((await text(page.locator('.govuk-notification-banner__heading'))) === 'Action updated', 'no "Action updated" banner');
      },
    ],
    [
      '"you said, we did" shows the theme and what was done',
      async () => {
        await goto(page, '/feedback/you-said-we-did');
        const body = await text(page.locator('main'));
        check(body.includes(feedbackTheme), 'the theme is not in "you said, we did"');
        check(body.includes(feedbackDid), 'what was done is not in "you said, we did"');
        await reached(page, 'feedback-you-said-we-did');
      },
    ],
  ]);
  // Its own flow, so that the later flows have the lead even if flow 12 failed.
  await flow('14. Feedback session: the lead signs back in', [
    [
      'the workforce lead signs back in',
      async () => {
        await signInAs(LEAD);
        check(path(page) === '/', `expected the dashboard, got ${page.url()}`);
      },
    ],
  ]);

  // Pages visited only for accessibility: skipped (and said so) while not built.
  for (const [url, name] of [
    ['/teams', 'teams'],
    ['/audit', 'audit'],
    ['/academy/settings', 'academy-settings'],
    ['/academy/programmes/short', 'academy-programme-short'],
    ['/recruitment/universities', 'recruitment-universities'],
    ['/recruitment/placements', 'recruitment-placements'],
    ['/recruitment/international', 'recruitment-international'],
    ['/recruitment/international/new', 'recruitment-international-new'],
    ['/recruitment/agency', 'recruitment-agency'],
    ['/recruitment/agency/new', 'recruitment-agency-new'],
    ['/recruitment/settings', 'recruitment-settings'],
    ['/caseloads/settings', 'caseloads-settings'],
    ['/caseloads/record', 'caseloads-record-choose'],
    ['/training/courses/new', 'training-course-new'],
    ['/training/mandatory?date=2024-09-30', 'training-mandatory'],
    ['/survey', 'survey'],
    ['/survey/2024', 'survey-results'],
    ['/survey/2024/answer', 'survey-answer'],
    ['/survey/2024/import', 'survey-import'],
    ['/leavers?date=2024-09-30', 'leavers'],
    ['/leavers/W00001/exit-interview', 'leavers-exit-interview'],
    ['/leavers/exit-interviews?from=2019-10-01&to=2024-09-30', 'leavers-exit-interviews'],
    ['/profile?date=2024-09-30', 'profile'],
    // [issue 8: committee]
    ['/reports/committee?date=2024-09-30&audience=public', 'committee-report-public'],
    // [issue 8: census]
    ['/census?year=2024', 'census'],
    // [issue 8: xlsx]
  ]) {
    await flow(`Page ${url}`, [
      [
        `${url} is accessible`,
        async () => {
          const response = await goto(page, url);
          if (response.status() === 404) {
            console.log(`  SKIPPED: ${url} not built (404)`);
            skipped.push(url);
            return SKIPPED;
          }
          check(response.status() === 200, `${url} answered ${response.status()}`);
          await reached(page, name);
        },
      ],
    ]);
  }

  // [issue 8: committee flow]
  const committeeRecommendation = `Agree two more academy places from April (${stamp}).`;
  const committeeTypes = {
    html: 'text/html',
    pdf: 'application/pdf',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
  await flow('15. Committee report', [
    [
      'the lead opens Reports, then the committee report of 30 September 2024',
      async () => {
        await signInAs(LEAD);
        await page.getByRole('link', { name: 'Reports', exact: true }).click();
        await page.waitForLoadState();
        check(path(page) === '/reports', `expected /reports, got ${page.url()}`);
        await reached(page, 'reports');
        await page.getByRole('link', { name: 'Committee report' }).click();
        await page.waitForLoadState();
        check((await text(page.locator('h1'))) === 'Committee report', 'the committee report page has no "Committee report" heading');
        await page.fill('#date-day', '30');
        await page.fill('#date-month', '9');
        await page.fill('#date-year', '2024');
        await page.getByRole('button', { name: 'Show the report' }).click();
        await page.waitForLoadState();
        check((await text(page.locator('.govuk-caption-l'))) === 'Reference date 30 September 2024', 'the report is not of 30 September 2024');
        check(await page.isChecked('#audience-internal'), 'the lead does not have the internal report');
        check((await page.locator('.pathway-report-preview h2', { hasText: 'Executive summary' }).count()) === 1, 'no executive summary in the preview');
        await reached(page, 'committee-report');
      },
    ],
    [
      "a blank meeting is refused, keeping the recommendation typed",
      async () => {
        await page.getByRole('link', { name: "Edit the report's words" }).click();
        await page.waitForLoadState();
        check(path(page) === '/reports/committee/edit', `expected the edit form, got ${page.url()}`);
        await reached(page, 'committee-edit');
        const recommendations = await page.inputValue('#recommendations');
        await page.fill('#recommendations', `${recommendations.trim()}\n${committeeRecommendation}`);
        await page.fill('#meeting', '');
        await page.getByRole('button', { name: 'Save the words' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        check(links.some(([href]) => href === '#meeting'), `the error summary does not link to the meeting: ${JSON.stringify(links)}`);
        check((await page.inputValue('#recommendations')).includes(committeeRecommendation), 'the recommendation typed was not kept');
        await reached(page, 'committee-edit-errors');
      },
    ],
    [
      'saving goes back to the report, whose preview has the new recommendation',
      async () => {
        await page.fill('#meeting', 'Corporate Parenting Panel');
        await page.getByRole('button', { name: 'Save the words' }).click();
        await page.waitForLoadState();
        check(path(page) === '/reports/committee', `expected the report, got ${page.url()}`);
        check((await text(page.locator('.govuk-notification-banner__heading'))).startsWith("The report's words were saved"), 'no "saved" banner');
        const preview = await text(page.locator('.pathway-report-preview'));
        check(preview.includes(committeeRecommendation), 'the new recommendation is not in the preview');
        check(preview.includes('Corporate Parenting Panel'), 'the new meeting is not in the preview');
        await reached(page, 'committee-report-saved');
      },
    ],
    [
      'each download link answers 200 with its content type',
      async () => {
        // The report's own downloads (the page also offers its tables as XLSX).
        const links = page.locator('a[download][href^="/reports/committee."]');
        check((await links.count()) === 4, `expected 4 download links, found ${await links.count()}`);
        for (let i = 0; i < 4; i++) {
          const href = await links.nth(i).getAttribute('href');
          const extension = href.split('?')[0].split('.').pop();
          const response = await page.request.get(base + href);
          check(response.status() === 200, `${href} answered ${response.status()}`);
          const type = response.headers()['content-type'] || '';
          check(type.startsWith(committeeTypes[extension]), `${href} is ${type}, not ${committeeTypes[extension]}`);
          check((await response.body()).length > 1000, `${href} is nearly empty`);
        }
      },
    ],
  ]);
  // [issue 8: census flow]
  // [issue 9: benchmarking flow]
  await flow('16. Benchmarking and councils', [
    [
      'the lead opens Benchmarking: one council is too small a group to show',
      async () => {
        await signInAs(LEAD);
        await page.getByRole('link', { name: 'Benchmarking', exact: true }).click();
        await page.waitForLoadState();
        check(path(page) === '/benchmarking', `expected /benchmarking, got ${page.url()}`);
        check((await text(page.locator('h1'))).startsWith('How '), 'the benchmark has no "How … compares" heading');
        check((await text(page.locator('main'))).includes('fewer than 5 councils'), 'the page does not say why the group is not shown');
        check((await page.locator('#comparison tbody tr').count()) === 7, 'the comparison table does not have the seven measures');
        check((await page.locator('#benchmark-chart svg').count()) === 1, 'the chart is missing');
        await reached(page, 'benchmarking');
      },
    ],
    [
      'the administrator opens Councils and sees the demo council with its region',
      async () => {
        await signInAs('admin@demo.pathway.example');
        await page.getByRole('link', { name: 'Councils', exact: true }).click();
        await page.waitForLoadState();
        check(path(page) === '/admin/councils', `expected /admin/councils, got ${page.url()}`);
        check((await text(page.locator('#councils tbody'))).includes(COUNCIL), 'the demo council is not listed');
        await reached(page, 'admin-councils');
      },
    ],
    [
      'adding a council with mistakes names each field and keeps what was typed',
      async () => {
        await page.fill('#code', '12');
        await page.fill('#lead', 'lead@example.org');
        await page.getByRole('button', { name: 'Add the council' }).click();
        await page.waitForLoadState();
        const links = await errorSummary(page);
        for (const field of ['#code', '#name', '#region']) {
          check(links.some(([href]) => href === field), `the error summary does not link to ${field}: ${JSON.stringify(links)}`);
        }
        check((await page.inputValue('#lead')) === 'lead@example.org', 'the email typed was not kept');
        await reached(page, 'admin-councils-errors');
      },
    ],
  ]);

  // 6. Signing out.
  await flow('7. Sign out', [
    [
      '"Sign out" returns to the sign-in page',
      async () => {
        await goto(page, '/');
        await Promise.all([page.waitForURL((url) => url.pathname === '/sign-in'), page.getByRole('button', { name: 'Sign out' }).click()]);
        await reached(page, 'signed-out');
      },
    ],
    [
      'opening / again redirects to /sign-in',
      async () => {
        await goto(page, '/');
        check(path(page) === '/sign-in', `expected /sign-in after signing out, got ${page.url()}`);
      },
    ],
  ]);
}

/** The family name shown in a register row: the "Family name" column if there is one,
 * else the last word of the person's name link (or the first, for "Family, Given"). */
async function familyNameOf(page, row, linkText) {
  const headers = page.locator('table thead th');
  const count = await headers.count();
  for (let i = 0; i < count; i++) {
    if (/family name|surname|last name/i.test(await text(headers.nth(i)))) {
      const cell = row.locator('th, td').nth(i);
      if (await cell.count()) return text(cell);
    }
  }
  if (linkText.includes(',')) return linkText.split(',')[0].trim();
  const words = linkText.split(' ').filter(Boolean);
  return words[words.length - 1];
}

function sameWords(a, b) {
  const words = (s) => s.replace(/,/g, ' ').split(/\s+/).filter(Boolean).sort().join(' ');
  return words(a) === words(b);
}

// ---------------------------------------------------------------------------------

const started = Date.now();
let crashed = null;
try {
  await main();
} catch (error) {
  crashed = error;
}
for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });

const failed = results.filter((r) => !r.ok);
const passed = results.filter((r) => r.ok);
console.log('\nSummary');
console.log(`  ${passed.length} step(s) passed, ${failed.length} failed, ${skipped.length} page(s) skipped`);
console.log(`  axe (${AXE_TAGS.join(', ')}): ${axeChecked} page state(s) checked, ${axeViolations.length} violation(s)`);
for (const url of skipped) console.log(`  SKIPPED: ${url} not built`);
for (const r of failed) console.log(`  FAILED: ${r.flow} / ${r.step}`);
console.log(`  screenshots: ${SCREENSHOTS}`);
console.log(`  ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (crashed) {
  console.error(`\nThe test run itself failed: ${crashed.stack || crashed}`);
  process.exit(1);
}
process.exit(failed.length > 0 ? 1 : 0);
