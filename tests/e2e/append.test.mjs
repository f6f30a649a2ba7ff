// End-to-end: append. With generated files loaded, one more ratings file
// is given; the page offers "Add to current data" (focused: Enter adds
// it), and the dashboard updates to the numbers of one load of both files
// concatenated (the CLI's report of them), re-ratings across the files
// resolved (the later wins), unknown users rejected; the lineage table
// lists both ratings files. Escape dismisses the offer and changes
// nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, closePage, cli, n, kpis, giveFiles, dashboardAfter, seq, lineageRow, openTab } from './helpers.mjs';

let opened, page, work, want;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-append-'));
  cli('generate', '--out', join(work, 'gen'), '--ratings', '20000', '--seed', '6');
  for (const d of ['base', 'both']) {
    mkdirSync(join(work, d));
    for (const f of ['users.dat', 'movies.dat']) copyFileSync(join(work, 'gen', f), join(work, d, f));
  }
  const lines = readFileSync(join(work, 'gen/ratings.dat'), 'utf8').split('\n').filter((l) => l);
  const cut = Math.floor(lines.length * 0.6);
  const first = lines.slice(0, cut);
  // The second file: the rest, re-ratings of 25 lines of the first (a day
  // later, other stars), one older re-rating (loses), an unknown user.
  const second = lines.slice(cut);
  for (let i = 0; i < 25; i++) {
    const [u, m, s, t] = first[i * 400].split('::');
    second.push(`${u}::${m}::${(Number(s) % 5) + 1}::${Number(t) + 86400}`);
  }
  const [u, m, , t] = first[7].split('::');
  second.push(`${u}::${m}::1::${Number(t) - 86400}`, '999999::1::4::978300760');
  writeFileSync(join(work, 'base/ratings.dat'), first.join('\n') + '\n');
  writeFileSync(join(work, 'r2.dat'), second.join('\n') + '\n');
  writeFileSync(join(work, 'both/ratings.dat'), [...first, ...second].join('\n') + '\n');
  want = JSON.parse(cli('report', join(work, 'both'), '--json', '-', '--quiet')).summary;
  opened = await openPage();
  page = opened.page;
  await giveFiles(page, ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, 'base', f)));
});

after(() => closePage(opened, work));

test('Escape dismisses the offer and changes nothing', async () => {
  const shown = await kpis(page);
  await page.setInputFiles('#files', join(work, 'r2.dat'));
  await page.waitForSelector('#append-offer:not([hidden])');
  assert.match(await page.textContent('#append-text'), /^r2\.dat: add its ratings/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('#append-offer', { state: 'hidden' });
  assert.deepEqual(await kpis(page), shown);
});

test('adding a second ratings file gives the numbers of one load of both', async () => {
  const before = await seq(page);
  await page.setInputFiles('#files', join(work, 'r2.dat'));
  await page.waitForSelector('#append-offer:not([hidden])');
  // The offer takes the focus: Enter adds.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'append-add');
  await page.keyboard.press('Enter');
  await dashboardAfter(page, before, 60000);
  await page.waitForFunction(() => /\+ r2\.dat/.test(document.getElementById('source').textContent));
  const [ratings, , movies, mean] = await kpis(page);
  assert.equal(n(ratings.replace('ratings', '')), want.ratings);
  assert.equal(n(movies.replace('rated movies', '')), want.rated_movies);
  assert.ok(Math.abs(parseFloat(mean) - want.mean_rating) < 0.0006, `${mean} vs ${want.mean_rating}`);
  await openTab(page, 'quality');
  const [name1, , lines1, , accepted1, rejected1] = await lineageRow(page, 'ratings');
  const [name2, , lines2, , accepted2, rejected2, reasons2] = await lineageRow(page, 'ratings-2');
  assert.equal(name1, 'ratings.dat');
  assert.equal(name2, 'r2.dat');
  const all = JSON.parse(cli('report', join(work, 'both'), '--json', '-', '--quiet')).lineage.ratings;
  assert.equal(n(lines1) + n(lines2), all.lines);
  assert.equal(n(accepted1) + n(accepted2), all.accepted);
  assert.equal(n(rejected1) + n(rejected2), all.rejected_total);
  // 25 old ratings superseded (counted in the first file), one new one
  // older than the first file's, one unknown user.
  assert.equal(n(rejected1), 25);
  assert.match(reasons2, /duplicate_rating 1/);
  assert.match(reasons2, /unknown_user 1/);
  await openTab(page, 'dashboard');
});
