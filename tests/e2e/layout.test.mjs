// End-to-end: text from files never widens the page. A 10,000-character
// title without a space and a rejected line of 10,000 characters, shown in
// the expectations, the rejects, the profile's top values and the top
// lists' tooltips, at a desktop and at a phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { DIST, ARTIFACTS, cli, giveFiles, dashboardAfter, openTab } from './helpers.mjs';

const TITLE = 'W'.repeat(10000);
const REJECTED = '9'.repeat(9990) + '::x::Drama';
// A file name can be long too (240 characters, no space): the status, the
// source and the lineage table show it.
const MOVIES = `movies-${'N'.repeat(229)}.dat`;
let server, browser, work, files;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-layout-'));
  const dir = join(work, 'long');
  cli('generate', '--out', dir, '--ratings', '60000', '--seed', '21');
  // Six times the same title (generated titles repeat up to 4 times: so it
  // is the top value of the title column), once with an unknown genre (an
  // expectation's example shows the raw line).
  let movies = `9001::${TITLE}::Comedy\n9003::${TITLE}::Comedy|Fantasyland\n${REJECTED}\n`;
  for (let id = 9004; id <= 9007; id++) movies += `${id}::${TITLE}::Drama\n`;
  appendFileSync(join(dir, 'movies.dat'), movies);
  let ratings = '';
  for (let u = 1; u <= 300; u++) ratings += `${u}::9001::${u % 2 ? 5 : 4}::978300760\n`;
  appendFileSync(join(dir, 'ratings.dat'), ratings);
  renameSync(join(dir, 'movies.dat'), join(dir, MOVIES));
  files = ['users.dat', MOVIES, 'ratings.dat'].map((f) => join(dir, f));
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** How far the page and the widest element holding file text exceed the viewport. */
async function overflow(page) {
  return page.evaluate(() => {
    const probes = ['W'.repeat(50), '9'.repeat(22), 'N'.repeat(50)];
    const w = window.innerWidth;
    let widest = 0;
    let where = '';
    for (const e of document.querySelectorAll('td, th, li, span, p, div')) {
      if (!probes.some((p) => e.textContent.includes(p))) continue;
      if (e.closest('canvas') || e.closest('[hidden]')) continue;
      const r = e.getBoundingClientRect();
      if (r.width > widest) {
        widest = r.width;
        where = `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${e.className}`;
      }
    }
    return { page: document.documentElement.scrollWidth - w, widest: Math.round(widest), where, width: w };
  });
}

function fits(o, what) {
  assert.ok(o.page <= 0, `${what}: the page is ${o.page}px wider than the ${o.width}px viewport`);
  assert.ok(o.widest <= o.width, `${what}: ${o.where} is ${o.widest}px wide in a ${o.width}px viewport`);
}

/** Hovers the bar of movie 9001 in a top list; returns the tooltip's text. */
async function hoverMovie(page, chart) {
  const point = await page.evaluate((id) => {
    const c = document.getElementById(id);
    c.scrollIntoView({ block: 'center' });
    const h = JSON.parse(c.dataset.hits).find((h) => h.key && h.key.Movie === 9001);
    if (!h) return null;
    const r = c.getBoundingClientRect();
    return { x: ((h.x0 + h.x1) / 2) * r.width / c.width, y: ((h.y0 + h.y1) / 2) * r.height / c.height };
  }, chart);
  assert.ok(point, `movie 9001 is not in ${chart}`);
  await page.hover(`#${chart}`, { position: point });
  await page.waitForSelector('#tooltip:not([hidden])');
  return page.textContent('#tooltip');
}

for (const [width, height] of [[1400, 1000], [390, 844]]) {
  test(`a 10,000-character title and rejected line fit a ${width}px-wide page`, async () => {
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    try {
      await page.goto(server.url);
      await dashboardAfter(page, 0, 30000);
      fits(await overflow(page), 'the demo');
      await giveFiles(page, files);
      await page.waitForFunction(() => document.body.dataset.profiled === '1');
      // The long text is on the page (else this test proves nothing).
      const body = await page.textContent('body');
      assert.ok(body.includes(TITLE), 'the title is shown');
      // The core keeps the first 4 KiB of a rejected line; the reason's
      // detail quotes the whole 9,990-digit id.
      assert.ok(body.includes(REJECTED.slice(0, 4000)), 'the rejected line is shown');
      assert.ok(body.includes(`MovieID \`${'9'.repeat(9990)}\``), 'the detail is shown');
      assert.ok(await page.$eval('#expectations', (e) => e.textContent.includes('WWWWWWWWWW')), 'in the expectations');
      assert.ok(await page.$eval('#rejects-table', (e) => e.textContent.includes('9999999999')), 'in the rejects');
      assert.ok(await page.$eval('#profile-tables', (e) => e.textContent.includes('WWWWWWWWWW')), 'in the top values');
      assert.equal((await page.textContent('#lineage-table tr[data-file="movies"] td')), MOVIES);
      assert.ok((await page.textContent('#source')).includes(MOVIES), 'in the source');
      for (const tab of ['quality', 'profile', 'export', 'dashboard']) {
        await openTab(page, tab);
        fits(await overflow(page), tab);
      }
      for (const chart of ['chart-top-count', 'chart-top-damped']) {
        const tip = await hoverMovie(page, chart);
        assert.ok(tip.includes('WWWWWWWWWW'), `${chart}: tooltip ${tip.slice(0, 80)}`);
        fits(await overflow(page), `${chart} tooltip`);
      }
      await page.screenshot({ path: join(ARTIFACTS, `long-text-${width}.png`) });
    } finally {
      await context.close();
    }
  });
}
