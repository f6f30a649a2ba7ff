// Browser benchmark (not a test: it prints numbers, it asserts nothing).
//
//   scripts/bench.sh     (builds dist/ and the CLI, then runs this)
//
// Prints: the bundle's size (raw and gzip), time from navigation to the
// first demo chart, time from giving a 1M-rating dataset to a drawn
// dashboard (files and zip), and time from a filter click to all charts
// redrawn. Budgets: < 400 KB gzip, < 1 s, < 1 s, < 50 ms.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from './server.mjs';
import { launch, dashboardAfter, seq } from './browser.mjs';
import { clickChip } from './helpers.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let raw = 0, gz = 0;
for (const f of readdirSync(DIST)) {
  const p = join(DIST, f);
  if (!statSync(p).isFile()) continue;
  const b = readFileSync(p);
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
  console.log(`  ${f.padEnd(22)} ${kb(b.length).padStart(10)} ${kb(gzipSync(b, { level: 9 }).length).padStart(10)} gzip`);
}
console.log(`bundle: ${kb(raw)} raw, ${kb(gz)} gzip (budget 400 KB gzip)`);

const work = mkdtempSync(join(tmpdir(), 'movielens-bench-'));
execFileSync(join(ROOT, 'target/release/movielens'), ['generate', '--out', work, '--zip']);
const server = await serve(DIST);
const browser = await launch();
try {
  const firsts = [];
  for (let i = 0; i < 5; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
    await dashboardAfter(page, 0, 60000);
    firsts.push(Number(await page.evaluate(() => document.body.dataset.firstChartMs)));
    await page.close();
  }
  console.log(`navigation → first demo chart: median ${median(firsts).toFixed(0)} ms (runs: ${firsts.map((x) => x.toFixed(0)).join(', ')}; budget 1000 ms)`);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(server.url);
  await dashboardAfter(page, 0, 60000);
  for (const [label, files] of [
    ['three .dat files', ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, f))],
    ['ml-1m.zip', [join(work, 'ml-1m.zip')]],
  ]) {
    const loads = [];
    for (let i = 0; i < 3; i++) {
      const before = await seq(page);
      await page.evaluate(() => { delete document.body.dataset.loadMs; });
      await page.setInputFiles('#files', files);
      await dashboardAfter(page, before, 60000);
      await page.waitForFunction(() => document.body.dataset.loadMs);
      loads.push(Number(await page.evaluate(() => document.body.dataset.loadMs)));
    }
    console.log(`1,000,209 ratings (${label}) → drawn dashboard: median ${median(loads).toFixed(0)} ms (runs: ${loads.map((x) => x.toFixed(0)).join(', ')}; budget 1000 ms)`);
  }

  const clicks = [];
  const queries = [];
  const chips = ['genre:7', 'gender:F', 'age:25', 'genre:7', 'occupation:4', 'gender:F', 'age:25', 'occupation:4'];
  for (let r = 0; r < 3; r++) {
    for (const c of chips) {
      const [dim, key] = c.split(':');
      const before = await seq(page);
      await clickChip(page, dim, key);
      await dashboardAfter(page, before);
      clicks.push(Number(await page.evaluate(() => document.body.dataset.redrawMs)));
      queries.push(Number(await page.evaluate(() => document.body.dataset.queryMs)));
    }
  }
  console.log(`filter click → all 14 charts redrawn: median ${median(clicks).toFixed(1)} ms, max ${Math.max(...clicks).toFixed(1)} ms (of which the worker's query: median ${median(queries).toFixed(1)} ms; budget 50 ms)`);
} finally {
  await browser.close();
  server.close();
  rmSync(work, { recursive: true, force: true });
}
