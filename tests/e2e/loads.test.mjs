// End-to-end: loads that overlap, as a person makes them: Cancel while a
// zip unpacks, files dropped while a zip unpacks, Cancel and at once other
// files. The newest request wins; a cancelled load leaves the data shown
// before; an old load's late answer never ends the current one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openPage, closePage, cli, n, lineageRow, kpis, giveFiles, statusMatches, startTrace, trace, fetchFixtures, dropFixtures,
  dashboardAfter, seq, clickChip,
} from './helpers.mjs';

let opened, page, work, fixtures;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-loads-'));
  fixtures = join(work, 'fixtures');
  mkdirSync(fixtures);
  cli('generate', '--out', join(work, 'small'), '--ratings', '20000', '--seed', '4');
  // Big enough that unpacking takes a good second in the tab (~75 MB inflated).
  cli('generate', '--out', join(work, 'big'), '--ratings', '3000000', '--seed', '2', '--zip');
  copyFileSync(join(work, 'big/ml-1m.zip'), join(fixtures, 'big.zip'));
  // Another set under other names (the kind is found from the content).
  cli('generate', '--out', join(work, 'other'), '--ratings', '1000000', '--seed', '7');
  for (const [from, to] of [['users', 'u2'], ['movies', 'm2'], ['ratings', 'r2']]) {
    copyFileSync(join(work, `other/${from}.dat`), join(fixtures, `${to}.dat`));
  }
  opened = await openPage({ fixtures });
  page = opened.page;
});

after(() => closePage(opened, work));

const small = () => ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, 'small', f));

/** What the page shows of the data: KPIs, the ratings lineage, the source. */
async function shown() {
  return {
    kpis: await kpis(page),
    lineage: await lineageRow(page, 'ratings'),
    source: await page.textContent('#source'),
  };
}

/** The worker answers for the data it holds: a filter and back. */
async function workerAnswers() {
  const kpi = await page.textContent('[data-kpi="ratings"] .value');
  let s = await seq(page);
  await clickChip(page, 'gender', 'F');
  await dashboardAfter(page, s);
  assert.notEqual(await page.textContent('[data-kpi="ratings"] .value'), kpi);
  s = await seq(page);
  await clickChip(page, 'gender', 'F');
  await dashboardAfter(page, s);
  assert.equal(await page.textContent('[data-kpi="ratings"] .value'), kpi);
}

test('Cancel while a zip unpacks keeps the data shown before', async () => {
  await giveFiles(page, small());
  const was = await shown();
  assert.equal(was.source, 'users.dat, movies.dat, ratings.dat');
  await startTrace(page);
  await page.setInputFiles('#files', join(fixtures, 'big.zip'));
  await statusMatches(page, /^Unpacking and cleaning/);
  await page.click('#cancel');
  await statusMatches(page, /cancelled/i, 20000);
  assert.equal(await page.isHidden('#cancel'), true);
  assert.equal(await page.isHidden('#progress'), true);
  await workerAnswers();
  assert.deepEqual(await shown(), was);
  assert.ok(!(await trace(page)).some((t) => t.source.includes('big.zip')), 'the zip became the source');
});

test('files dropped while a zip unpacks replace it: the zip never becomes the source', async () => {
  await fetchFixtures(page, ['u2.dat', 'm2.dat', 'r2.dat']);
  await startTrace(page);
  await page.setInputFiles('#files', join(fixtures, 'big.zip'));
  await statusMatches(page, /^Unpacking and cleaning/);
  const s = await seq(page);
  await dropFixtures(page);
  await dashboardAfter(page, s, 60000);
  assert.equal(await page.textContent('#source'), 'u2.dat, m2.dat, r2.dat');
  const [name, , lines] = await lineageRow(page, 'ratings');
  assert.equal(name, 'r2.dat');
  assert.equal(n(lines), 1000000);
  await workerAnswers();
  const sources = [...new Set((await trace(page)).map((t) => t.source))];
  assert.deepEqual(sources, ['users.dat, movies.dat, ratings.dat', 'u2.dat, m2.dat, r2.dat']);
});

test('Cancel and at once other files: Cancel stays while the new load runs, and it completes', async () => {
  await giveFiles(page, small());
  await fetchFixtures(page, ['u2.dat', 'm2.dat', 'r2.dat']);
  await page.setInputFiles('#files', ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, 'big', f)));
  await statusMatches(page, /^Reading and cleaning ratings\.dat/);
  const s = await seq(page);
  await startTrace(page);
  await dropFixtures(page, { cancelFirst: true });
  await dashboardAfter(page, s, 60000);
  assert.equal(await page.textContent('#source'), 'u2.dat, m2.dat, r2.dat');
  assert.equal(n(await page.textContent('[data-kpi="ratings"] .value')), n((await lineageRow(page, 'ratings'))[4]));
  // Until the new data shows, the load can be stopped and nothing says "cancelled".
  const during = (await trace(page)).filter((t) => t.source !== 'u2.dat, m2.dat, r2.dat');
  assert.ok(during.length > 1, JSON.stringify(during));
  for (const t of during.slice(1)) {
    assert.equal(t.cancel, true, `Cancel hidden during the new load: ${JSON.stringify(t)}`);
    assert.doesNotMatch(t.status, /cancelled/i);
  }
  assert.equal(await page.isHidden('#cancel'), true);
  await workerAnswers();
});

test('the newest load wins: a second cancel-and-drop, then a cancel of that one', async () => {
  await giveFiles(page, small());
  const was = await shown();
  await fetchFixtures(page, ['big.zip']);
  await page.setInputFiles('#files', join(fixtures, 'big.zip'));
  await statusMatches(page, /^(Reading the zip|Unpacking)/);
  await dropFixtures(page, { cancelFirst: true });
  await statusMatches(page, /^Unpacking and cleaning/);
  await page.click('#cancel');
  await statusMatches(page, /cancelled/i, 20000);
  await workerAnswers();
  assert.deepEqual(await shown(), was);
});
