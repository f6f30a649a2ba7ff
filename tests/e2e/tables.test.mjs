// End-to-end: "export what I see" and the tables. With a filter set (by
// its URL), the filtered ratings CSV and report are checked against a
// filter of the fixture files computed here; the unfiltered CSV against
// every line of ratings.dat. The profile, lineage and rejects tables are
// sorted from the keyboard and searched; the quality panel explains its
// warnings, the KPI says "rated movies", and a phone shows both panels
// without scrolling sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch, dashboardAfter, seq } from './browser.mjs';
import { DIST, ARTIFACTS, cli, n, giveFiles, lineageRow } from './helpers.mjs';

let server, browser, context, page, work;
const errors = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-tables-'));
  cli('generate', '--out', join(work, 'clean'), '--ratings', '30000', '--seed', '12');
  cli('generate', '--out', join(work, 'dirty'), '--dirty', '--ratings', '30000', '--seed', '9');
  server = await serve(DIST);
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await dashboardAfter(page, 0, 30000);
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The `::` lines of a fixture file, split. */
function records(dir, file) {
  return readFileSync(join(work, dir, file), 'latin1').split('\n')
    .map((l) => l.replace(/\r$/, '')).filter((l) => l !== '').map((l) => l.split('::'));
}

/** Opens a panel with its nav button (a tab, or a jump to the panel). */
async function openPanel(p, text) {
  await p.locator('[role=tab]', { hasText: text }).first().click();
}

async function download(selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

/** The data rows of a table (not hidden by a search), as cell texts. */
async function rows(selector, { all = false } = {}) {
  return page.$$eval(`${selector} tr`, (trs, all) => trs
    .filter((tr) => !tr.querySelector('th') && (all || !tr.hidden))
    .map((tr) => [...tr.children].map((td) => td.textContent)), all);
}

/** The texts of a table's header cells. */
async function headers(selector) {
  return page.$$eval(`${selector} tr th`, (ths) => ths.map((th) => th.textContent));
}

/** Presses `key` on the sort button of `column` in `table` and returns its aria-sort. */
async function sortByKey(table, column, key) {
  const button = page.locator(`${table} th > button.sort`, { hasText: new RegExp(`^${column}$`) });
  await button.focus();
  assert.equal(await button.evaluate((b) => b === document.activeElement), true, `${column} takes focus`);
  await page.keyboard.press(key);
  return button.evaluate((b) => b.parentElement.getAttribute('aria-sort'));
}

const ascending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] <= x);
const descending = (xs) => xs.every((x, i) => i === 0 || xs[i - 1] >= x);

test('with a filter set, the CSV and the report follow it when asked, and the KPIs say what they count', async () => {
  const files = ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, 'clean', f));
  await giveFiles(page, files);
  const [, , , , accepted, rejected] = await lineageRow(page, 'ratings');
  assert.equal(n(rejected), 0, 'the clean fixture has no rejected rating');

  // The filter, computed here from the files: women aged 25-34.
  const users = new Map(records('clean', 'users.dat').map(([id, g, age]) => [id, { g, age }]));
  const all = records('clean', 'ratings.dat').map((f) => f.join(','));
  assert.equal(all.length, n(accepted));
  const wanted = records('clean', 'ratings.dat')
    .filter(([u]) => users.get(u).g === 'F' && users.get(u).age === '25');
  const expected = wanted.map((f) => f.join(','));
  assert.ok(expected.length > 100 && expected.length < all.length / 2, `${expected.length} ratings pass`);

  const before = await seq(page);
  await page.evaluate(() => { location.hash = 'g=F&a=25'; });
  await dashboardAfter(page, before);
  await page.waitForFunction((want) => document.querySelector('[data-kpi="ratings"] .value').textContent
    .replace(/,/g, '') === String(want), expected.length);
  assert.equal(await page.textContent('[data-kpi="movies"] .label'), 'rated movies');
  const movies = new Set(wanted.map(([, m]) => m));
  assert.equal(n(await page.textContent('[data-kpi="movies"] .value')), movies.size);

  await openPanel(page, 'Export');
  // The labels say "all" until the person asks for the ratings shown.
  assert.match(await page.textContent('#export-ratings'), /all cleaned ratings/);
  const count = expected.length.toLocaleString('en-US');
  const option = await page.textContent('#export-ratings-scope option[value="shown"]');
  assert.equal(option, `the ratings the dashboard shows (${count} of ${all.length.toLocaleString('en-US')})`);
  await page.selectOption('#export-ratings-scope', 'shown');
  assert.equal(await page.textContent('#export-ratings'), `Download the ${count} cleaned ratings shown (CSV)`);
  const filtered = await download('#export-ratings');
  assert.equal(filtered.name, 'movielens-ratings-filtered.csv');
  const lines = filtered.text.trimEnd().split('\n');
  assert.equal(lines[0], 'user_id,movie_id,rating,timestamp');
  assert.equal(lines.length - 1, expected.length);
  assert.deepEqual(lines.slice(1), expected, 'exactly the ratings that pass, in file order');

  // Back to all data: every accepted rating, as the CLI's cleaning keeps them.
  await page.selectOption('#export-ratings-scope', 'all');
  assert.equal(await page.textContent('#export-ratings'), 'Download all cleaned ratings (CSV)');
  const whole = await download('#export-ratings');
  assert.equal(whole.name, 'movielens-ratings-clean.csv');
  assert.deepEqual(whole.text.trimEnd().split('\n').slice(1), all);

  // The report of the ratings shown, and the plain one (still the CLI's).
  await page.selectOption('#export-report-scope', 'shown');
  assert.match(await page.textContent('#export-report'), new RegExp(`report of the ${count} ratings shown`));
  const report = JSON.parse((await download('#export-report')).text);
  assert.deepEqual(Object.keys(report)[0], 'filter');
  assert.deepEqual(report.filter.criteria.genders, ['F']);
  assert.deepEqual(report.filter.criteria.ages, [25]);
  assert.equal(report.filter.ratings, expected.length);
  assert.equal(report.filter.ratings_all, all.length);
  assert.equal(report.summary.ratings, expected.length);
  assert.equal(report.summary.rated_movies, movies.size);
  const stars = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const [, , s] of wanted) stars[s]++;
  assert.deepEqual(report.rating_histogram, stars);
  assert.equal(report.lineage.ratings.accepted, all.length, 'the lineage describes the whole file');
  await page.selectOption('#export-report-scope', 'all');
  const plain = JSON.parse((await download('#export-report')).text);
  assert.deepEqual(plain, JSON.parse(cli('report', join(work, 'clean'), '--json', '-', '--quiet')));
  assert.deepEqual(errors, []);
});

test('the profile explains its columns and sorts and searches from the keyboard', async () => {
  await page.waitForFunction(() => document.body.dataset.profiled === '1');
  await openPanel(page, 'Profile');
  const users = '#profile-tables .profile-table:nth-of-type(1) table';
  const h = await headers(users);
  assert.ok(h.includes('measure') && h.includes('min') && h.includes('max'), h.join('|'));
  const byName = Object.fromEntries((await rows(users)).map((r) => [r[0], r]));
  const col = (name) => h.indexOf(name);
  assert.equal(byName.zip[col('measure')], 'length (characters)');
  assert.equal(byName.user_id[col('top values')], 'all distinct');
  assert.equal(byName.user_id[col('type')], 'id, one per row');
  // The ratings' ids are not unique: their top values are the most active.
  const ratings = '#profile-tables .profile-table:nth-of-type(3) table';
  const userRef = (await rows(ratings)).find((r) => r[0] === 'user_id');
  assert.match(userRef[col('top values')], /^\d+ \([\d,]+\)/);

  // Sort the ratings' columns by "distinct" (numbers of 1 to 5 digits,
  // some with a separator: as text they would not sort so).
  assert.equal(await sortByKey(ratings, 'distinct', 'Enter'), 'ascending');
  let distinct = (await rows(ratings)).map((r) => n(r[col('distinct')]));
  assert.ok(ascending(distinct), distinct.join(' '));
  assert.ok(distinct.some((d) => d >= 1000) && distinct.some((d) => d < 10), distinct.join(' '));
  assert.equal(await sortByKey(ratings, 'distinct', 'Space'), 'descending');
  distinct = (await rows(ratings)).map((r) => n(r[col('distinct')]));
  assert.ok(descending(distinct), distinct.join(' '));
  // The other headers say they are not the sort.
  assert.equal(await page.getAttribute(`${ratings} th:nth-child(1)`, 'aria-sort'), 'none');
  // By name, as text.
  assert.equal(await sortByKey(users, 'column', 'Enter'), 'ascending');
  assert.deepEqual((await rows(users)).map((r) => r[0]), ['age', 'gender', 'occupation', 'user_id', 'zip']);

  // Search: case-insensitive, with the count.
  const search = page.locator(`.table-tools[data-table="${await page.getAttribute(users, 'id')}"] input`);
  await search.fill('USER');
  assert.deepEqual((await rows(users)).map((r) => r[0]), ['user_id']);
  assert.match(await page.textContent(`.table-tools[data-table="${await page.getAttribute(users, 'id')}"] .table-count`),
    /^1 of 5 rows$/);
  await search.fill('');
  assert.equal((await rows(users)).length, 5);
});

test('the quality panel: the rejects sort and search, the lineage sorts, latin1 explains itself', async () => {
  const dir = join(work, 'dirty');
  await giveFiles(page, ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(dir, f)));
  await openPanel(page, 'Data quality');
  const latin1 = await page.textContent('#warnings-explained li[data-warning="latin1"]');
  assert.match(latin1, /decoded as Latin-1: the line was not valid UTF-8 \(MovieLens 1M files are Latin-1/);
  assert.match(latin1, /in users\.dat/);

  const all = await rows('#rejects-table', { all: true });
  assert.ok(all.length > 40, `${all.length} rejects`);
  const h = await headers('#rejects-table');
  const line = h.indexOf('line');
  const reason = h.indexOf('reason');
  assert.equal(await sortByKey('#rejects-table', 'line', 'Enter'), 'ascending');
  let lines = (await rows('#rejects-table')).map((r) => n(r[line]));
  assert.ok(ascending(lines), 'lines ascend as numbers');
  assert.ok(lines.some((l) => l >= 1000) && lines.some((l) => l < 1000), 'numbers of different widths');
  assert.equal(await sortByKey('#rejects-table', 'line', 'Enter'), 'descending');
  lines = (await rows('#rejects-table')).map((r) => n(r[line]));
  assert.ok(descending(lines));
  assert.equal(await sortByKey('#rejects-table', 'reason', 'Space'), 'ascending');
  const reasons = (await rows('#rejects-table')).map((r) => r[reason]);
  assert.deepEqual(reasons, [...reasons].sort());

  // Search the rejects: only the unknown users stay, and the count says so.
  const unknown = all.filter((r) => r[reason] === 'unknown_user').length;
  assert.ok(unknown > 0);
  await page.fill('.table-tools[data-table="rejects-table"] input', 'Unknown_User');
  const shown = await rows('#rejects-table');
  assert.ok(shown.every((r) => r.join(' ').toLowerCase().includes('unknown_user')));
  assert.equal(shown.length, unknown);
  assert.equal(await page.textContent('.table-tools[data-table="rejects-table"] .table-count'),
    `${unknown.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} rows`);
  await page.fill('.table-tools[data-table="rejects-table"] input', '');

  // The lineage table sorts by bytes (numbers with separators).
  const lh = await headers('#lineage-table');
  assert.equal(await sortByKey('#lineage-table', 'bytes', 'Enter'), 'ascending');
  const bytes = (await rows('#lineage-table')).map((r) => n(r[lh.indexOf('bytes')]));
  assert.ok(ascending(bytes) && bytes[2] > 1000, bytes.join(' '));

  // The expectations' examples are tables too, sortable by line.
  const id = await page.$$eval('#expectations table.examples', (ts) => ts
    .filter((t) => t.querySelectorAll('tr').length > 3).map((t) => t.id)[0]);
  assert.ok(id, 'an expectation with several examples');
  assert.equal(await sortByKey(`#${id}`, 'line', 'Enter'), 'ascending');
  const exampleLines = (await rows(`#${id}`)).map((r) => n(r[1]));
  assert.ok(exampleLines.length > 1 && ascending(exampleLines), exampleLines.join(' '));
  await page.screenshot({ path: join(ARTIFACTS, 'tables-quality.png') });
  assert.deepEqual(errors, []);
});

test('on a phone the quality and profile panels do not scroll sideways', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const p = await phone.newPage();
  try {
    await p.goto(server.url);
    await dashboardAfter(p, 0, 30000);
    await p.waitForFunction(() => document.body.dataset.profiled === '1');
    for (const [tab, panel] of [['Data quality', '#quality-panel'], ['Profile', '#profile-panel']]) {
      await p.locator('[role=tab]', { hasText: tab }).first().click();
      await p.locator(`${panel} .table-tools input`).first().scrollIntoViewIfNeeded();
      const wide = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `${tab}: the page is ${wide}px wider than the phone`);
      const box = await p.locator(`${panel} .table-tools input`).first().boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 390, `${tab}: the search field fits`);
      await p.screenshot({ path: join(ARTIFACTS, `tables-phone-${panel.slice(1)}.png`) });
    }
  } finally {
    await phone.close();
  }
});
