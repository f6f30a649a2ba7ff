// End-to-end: a progressive load. While a large ratings file is read the
// dashboard shows the ratings read so far, marked "provisional — N % read"
// (the KPIs too); then the exact numbers of the batch load (the CLI's
// report of the same files), unmarked. Cancel during the provisional
// dashboards brings back the data shown before. Nothing is slowed down
// artificially: the file is large enough (3 M ratings, ~75 MB) that reading
// it takes seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, closePage, cli, n, kpis, dashboardAfter, seq, statusMatches } from './helpers.mjs';

let opened, page, work, want;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-progressive-'));
  cli('generate', '--out', work, '--ratings', '3000000', '--seed', '5');
  want = JSON.parse(cli('report', work, '--json', '-', '--quiet')).summary;
  opened = await openPage();
  page = opened.page;
});

after(() => closePage(opened, work));

const files = () => ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, f));

/** From now on, records every change of the marker with the ratings KPI beside it. */
async function watchMarker() {
  await page.evaluate(() => {
    const seen = (window.__marks = []);
    const record = () => {
      const badge = document.getElementById('provisional').textContent;
      const ratings = document.querySelector('[data-kpi="ratings"] .value')?.textContent;
      const kpisMarked = document.getElementById('kpis').hasAttribute('data-provisional');
      const last = seen[seen.length - 1];
      if (!last || last.badge !== badge || last.ratings !== ratings) {
        seen.push({ badge, ratings, kpisMarked, t: performance.now() });
      }
    };
    new MutationObserver(record).observe(document.getElementById('dashboard-panel'),
      { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const marks = () => page.evaluate(() => window.__marks);

test('a large ratings file shows provisional numbers, then exactly the batch numbers', async () => {
  const demo = n(await page.textContent('[data-kpi="ratings"] .value'));
  await watchMarker();
  const before = await seq(page);
  await page.setInputFiles('#files', files());
  await page.waitForFunction(() => document.body.dataset.source === 'files', null, { timeout: 120000 });
  await dashboardAfter(page, before, 120000);
  const seen = await marks();
  const provisional = seen.filter((m) => /^Provisional numbers.*provisional — \d+ % read$/.test(m.badge));
  assert.ok(provisional.length >= 2, `provisional dashboards seen: ${JSON.stringify(seen)}`);
  const counts = provisional.map((m) => n(m.ratings));
  const percents = provisional.map((m) => Number(/(\d+) % read/.exec(m.badge)[1]));
  for (const m of provisional) assert.ok(m.kpisMarked, 'the KPIs are marked provisional');
  // Ratings read so far: more than none, fewer than the final count, and
  // (the file has no duplicates) growing as the file is read.
  assert.ok(counts.every((c) => c > 0 && c < want.ratings && c !== demo), `counts ${counts}`);
  assert.deepEqual([...counts].sort((a, b) => a - b), counts);
  assert.ok(percents.every((p) => p >= 0 && p < 100), `percents ${percents}`);
  // The final dashboard: unmarked, the batch numbers.
  assert.equal(await page.textContent('#provisional'), '');
  assert.equal(await page.getAttribute('#kpis', 'data-provisional'), null);
  const [ratings, , movies, mean] = await kpis(page);
  assert.match(ratings, new RegExp(`^${want.ratings.toLocaleString('en-US')}ratings$`));
  assert.match(movies, new RegExp(`^${want.rated_movies.toLocaleString('en-US')}rated movies$`));
  assert.ok(Math.abs(parseFloat(mean) - want.mean_rating) < 0.0006, `${mean} vs ${want.mean_rating}`);
  // What the provisional dashboards cost is in the stage timings.
  const timings = await page.textContent('#timings');
  assert.match(timings, /provisional dashboards \(\d+\)/);
  const gaps = provisional.slice(1).map((m, i) => Math.round(m.t - provisional[i].t));
  console.log(`provisional dashboards: ${provisional.length}, percents ${percents.join(' ')}, gaps ${gaps.join(' ')} ms; ${timings.match(/provisional dashboards[^\n]*?ms/)?.[0]}`);
});

test('Cancel during provisional numbers brings back the data shown before', async () => {
  const shownBefore = await kpis(page);
  await page.evaluate(() => { window.__marks = []; });
  await page.setInputFiles('#files', files());
  await page.waitForFunction(() => /provisional — \d+ % read/.test(document.getElementById('provisional').textContent),
    null, { timeout: 60000 });
  assert.notDeepEqual(await kpis(page), shownBefore);
  await page.click('#cancel');
  await statusMatches(page, /Load cancelled/);
  assert.deepEqual(await kpis(page), shownBefore);
  assert.equal(await page.textContent('#provisional'), '');
  assert.equal(await page.getAttribute('#kpis', 'data-provisional'), null);
});

test('a zip shows provisional numbers while its ratings are unpacked, then the batch numbers', async () => {
  cli('generate', '--out', work, '--ratings', '3000000', '--seed', '5', '--zip');
  await watchMarker();
  const before = await seq(page);
  await page.setInputFiles('#files', [join(work, 'ml-1m.zip')]);
  await dashboardAfter(page, before, 120000);
  const provisional = (await marks()).filter((m) => /provisional — \d+ % read$/.test(m.badge));
  assert.ok(provisional.length >= 2, `provisional dashboards seen: ${JSON.stringify(await marks())}`);
  assert.equal(await page.textContent('#provisional'), '');
  const [ratings] = await kpis(page);
  assert.match(ratings, new RegExp(`^${want.ratings.toLocaleString('en-US')}ratings$`));
  const gaps = provisional.slice(1).map((m, i) => Math.round(m.t - provisional[i].t));
  console.log(`zip: provisional dashboards: ${provisional.length}, gaps ${gaps.join(' ')} ms`);
});
