// End-to-end: the worker dies of a real allocation failure (the page opened
// with ?debug=oom has a button that makes the worker allocate until its
// wasm memory is exhausted). The page says so once, starts a new worker,
// loads the data shown before again, and keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { DIST, cli, n, lineageRow, kpis, giveFiles, statusMatches, dashboardAfter, seq, clickChip } from './helpers.mjs';

let server, browser, page, work;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-crash-'));
  cli('generate', '--out', join(work, 'data'), '--ratings', '30000', '--seed', '12', '--dirty');
  cli('generate', '--out', join(work, 'big'), '--ratings', '3000000', '--seed', '2');
  server = await serve(DIST);
  browser = await launch();
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

const RESTARTED = /background worker stopped \(most likely it ran out of memory\) and was restarted/;
const files = (set) => ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, set, f));

async function crash() {
  const s = await seq(page);
  await page.click('#debug-oom');
  await statusMatches(page, RESTARTED, 30000);
  await dashboardAfter(page, s, 60000);
}

test('without ?debug=oom there is no way to exhaust the memory', async () => {
  await page.goto(server.url);
  await dashboardAfter(page, 0, 30000);
  assert.equal(await page.$('#debug-oom'), null);
});

test('after the worker runs out of memory, the files shown before are back and the page works', async () => {
  await page.goto(server.url + '?debug=oom');
  await dashboardAfter(page, 0, 30000);
  await giveFiles(page, files('data'));
  const source = await page.textContent('#source');
  const numbers = await kpis(page);
  const lineage = await lineageRow(page, 'ratings');
  await crash();
  const status = await page.textContent('#status');
  assert.match(status, RESTARTED);
  assert.match(status, /Showing your files: users\.dat, movies\.dat, ratings\.dat/);
  assert.equal(await page.textContent('#source'), source);
  assert.deepEqual(await kpis(page), numbers);
  assert.deepEqual(await lineageRow(page, 'ratings'), lineage);
  assert.equal(page.workers().length, 1, 'the dead worker was ended');
  // A filter click is answered by the new worker...
  let s = await seq(page);
  await clickChip(page, 'gender', 'F');
  await dashboardAfter(page, s);
  const women = n(await page.textContent('[data-kpi="ratings"] .value'));
  assert.ok(women > 0 && women < n(lineage[4]), `${women} of ${lineage[4]} ratings`);
  s = await seq(page);
  await page.click('#clear');
  await dashboardAfter(page, s);
  // ... and so is Demo data.
  s = await seq(page);
  await page.click('#demo');
  await dashboardAfter(page, s, 30000);
  assert.equal(await page.evaluate(() => document.body.dataset.source), 'demo');
  assert.equal(n(await page.textContent('[data-kpi="ratings"] .value')), 1000209);
  assert.match(await page.textContent('#status'), /^Showing demo data/);
});

test('after a crash while the demo is shown, the demo comes back', async () => {
  const numbers = await kpis(page);
  await crash();
  assert.match(await page.textContent('#status'), /Showing demo data/);
  assert.equal(await page.evaluate(() => document.body.dataset.source), 'demo');
  assert.deepEqual(await kpis(page), numbers);
  // A second crash is recovered from too (each crash reloads once).
  await crash();
  assert.deepEqual(await kpis(page), numbers);
});

test('a crash during a load brings back the data shown before, not the load', async () => {
  await giveFiles(page, files('data'));
  const numbers = await kpis(page);
  const lineage = await lineageRow(page, 'ratings');
  await page.setInputFiles('#files', files('big'));
  await statusMatches(page, /^Reading and cleaning ratings\.dat/);
  const s = await seq(page);
  await page.click('#debug-oom');
  await statusMatches(page,
    /^The background worker stopped while loading users\.dat, movies\.dat, ratings\.dat \(most likely it ran out of memory\) and was restarted with the data shown before\./,
    30000);
  await dashboardAfter(page, s, 60000);
  assert.match(await page.textContent('#status'), /Showing your files: users\.dat, movies\.dat, ratings\.dat$/);
  assert.deepEqual(await kpis(page), numbers);
  assert.deepEqual(await lineageRow(page, 'ratings'), lineage);
  assert.equal(await page.isHidden('#cancel'), true);
});
