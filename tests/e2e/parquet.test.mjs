// End-to-end: "Download as Parquet (zip)". The first view fetches no file
// of the Parquet worker; the button does. The zip holds the layout of
// `movielens export --parquet`, every file byte for byte the CLI's on the
// same (dirty) files; a second download works, and the worker is gone
// after each (its files are fetched once per download).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ARTIFACTS, cli, closePage, giveFiles, openPage, openTab } from './helpers.mjs';

let opened, page, work;
const isParquet = (url) => /\/parquet(_bg)?\.(js|wasm)(\?|$)/.test(url);

/** Every file under `dir`, as relative paths, sorted. */
function files(dir) {
  const out = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p); else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-e2e-parquet-'));
  cli('generate', '--out', join(work, 'dirty'), '--dirty', '--ratings', '50000', '--seed', '3');
  cli('export', join(work, 'dirty'), '--parquet', join(work, 'cli'));
  opened = await openPage();
  page = opened.page;
});

after(async () => {
  await closePage(opened, work);
});

test('the Parquet zip is fetched only when asked for and equals the CLI export', async () => {
  const served = () => opened.server.requests.map((u) => u.split('?')[0]);
  assert.deepEqual(served().filter(isParquet), [], 'no parquet_* file at first view');
  const d = join(work, 'dirty');
  await giveFiles(page, ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(d, f)));
  await openTab(page, 'export');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.click('#export-parquet'),
  ]);
  assert.equal(download.suggestedFilename(), 'movielens-parquet.zip');
  assert.ok(served().some((u) => u.endsWith('/parquet_bg.wasm')), 'the worker module is fetched now');
  const zip = join(work, 'page.zip');
  await download.saveAs(zip);
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, join(work, 'page')]);
  const root = join(work, 'page', 'movielens-parquet');
  const want = files(join(work, 'cli'));
  assert.deepEqual(files(root), want);
  assert.ok(want.some((f) => /^ratings\/year=\d{4}\/month=\d\d\/part-0\.parquet$/.test(f)), want.join(' '));
  for (const f of want) {
    assert.ok(readFileSync(join(root, f)).equals(readFileSync(join(work, 'cli', f))), `${f}: the CLI's bytes`);
  }
  await page.waitForFunction(() => /movielens-parquet\.zip: [\d.]+ MB, made in/.test(
    document.getElementById('export-parquet-status').textContent));
  // Again: a new worker, the same zip.
  const [again] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.click('#export-parquet'),
  ]);
  const zip2 = join(work, 'again.zip');
  await again.saveAs(zip2);
  assert.ok(readFileSync(zip2).equals(readFileSync(zip)), 'the same zip again');
});
