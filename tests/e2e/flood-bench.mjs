// The reject flood of issue 11 in the page (a measurement, not a test: it
// prints what happened and asserts nothing).
//
//   node tests/e2e/flood-bench.mjs [FLOOD.zip]
//
// Needs dist/ (trunk build --release). Without an argument it writes the
// 21 MB zip with scripts/flood-zip.py first. Loads the demo, drops the zip
// through the file input, and prints the time to the answer, what the page
// says (status, the rejected-rows line), whether the page still works
// afterwards (a filter click redraws, Demo data loads) and the peak
// resident memory of the browser's largest process (sampled every 100 ms).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from './server.mjs';
import { launch, dashboardAfter, seq } from './browser.mjs';
import { clickChip } from './helpers.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
const DIST = process.env.MOVIELENS_DIST || join(ROOT, 'dist');
let zip = process.argv[2];
let work = null;
if (!zip) {
  work = mkdtempSync(join(tmpdir(), 'movielens-flood-'));
  zip = join(work, 'flood.zip');
  execFileSync('python3', [join(ROOT, 'scripts/flood-zip.py'), zip]);
}
if (!existsSync(zip)) throw new Error(`${zip}: no such file`);

/// The largest resident set among Chromium's processes, in MB.
function chromiumPeakMb() {
  const out = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
  return Math.max(0, ...out.split('\n').filter(Boolean).map((k) => Number(k) / 1024));
}

const server = await serve(DIST);
const browser = await launch();
let peak = 0;
const sampler = setInterval(() => { try { peak = Math.max(peak, chromiumPeakMb()); } catch { /* gone */ } }, 100);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(server.url);
  await dashboardAfter(page, 0, 60000);
  const before = await seq(page);
  const baseline = chromiumPeakMb();
  const t0 = Date.now();
  await page.setInputFiles('#files', [zip]);
  await page.waitForFunction(
    (s) => document.body.dataset.status !== 'loading' && (Number(document.body.dataset.dashboardSeq || 0) > s || document.body.dataset.status === 'error'),
    before, { timeout: 600000 });
  const ms = Date.now() - t0;
  const said = await page.evaluate(() => ({
    status: document.getElementById('status')?.textContent,
    source: document.getElementById('source')?.textContent,
    rejects: document.getElementById('rejects-count')?.textContent,
  }));
  console.log(`flood zip → answer: ${(ms / 1000).toFixed(1)} s`);
  console.log(`page says: ${JSON.stringify(said, null, 1)}`);
  console.log(`largest Chromium process: ${baseline.toFixed(0)} MB before, ${peak.toFixed(0)} MB peak`);
  // Still working: a filter click redraws, the demo loads again.
  const s1 = await seq(page);
  await clickChip(page, 'gender', 'F');
  await dashboardAfter(page, s1, 60000);
  const s2 = await seq(page);
  await page.click('#demo');
  await dashboardAfter(page, s2, 60000);
  console.log('afterwards: a filter click redraws and Demo data loads');
} finally {
  clearInterval(sampler);
  await browser.close();
  server.close();
  if (work) rmSync(work, { recursive: true, force: true });
}
