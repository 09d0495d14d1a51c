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
    for (const name of ['2. Dashboard', '3. Register', '4. Edit a person', '5. Import', '6. Sign out']) {
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

  // Pages visited only for accessibility: skipped (and said so) while not built.
  for (const [url, name] of [
    ['/teams', 'teams'],
    ['/audit', 'audit'],
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

  // 6. Signing out.
  await flow('6. Sign out', [
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
