// End-to-end: Live mode on the demo (1M ratings). The first view fetches
// no file of the live worker; opening Live mode does. Then: playing moves
// the event-time clock and the events on, pause holds them, a seek jumps
// the clock there, jitter beyond the allowed lateness (and the files' own
// order) makes late events, and at the end of the stream the served
// dashboard's KPIs are the batch dashboard's and Verify shows ✓. A
// cross-filter click while live is served live; leaving Live mode brings
// the dashboard back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, cli, closePage, giveFiles, kpis, openPage, clickChip } from './helpers.mjs';

let opened, page, work;
const isLive = (url) => /\/live(_bg)?\.(js|wasm)(\?|$)/.test(url);

/** The live panel's numbers (its data- attributes). */
async function live() {
  return page.evaluate(() => {
    const d = document.getElementById('live').dataset;
    return { clock: Number(d.clock), events: Number(d.events), late: Number(d.late), done: d.done === 'true' };
  });
}

/** Polls the live panel's numbers until `pred(d)` holds (the page's CSP forbids evaluating code). */
async function liveUntil(pred, timeout = 60000) {
  const t0 = Date.now();
  for (;;) {
    const d = await live();
    if (!Number.isNaN(d.clock) && pred(d)) return d;
    if (Date.now() - t0 > timeout) throw new Error(`live: still ${JSON.stringify(d)} after ${timeout} ms: ${pred}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

async function choose(id, value) {
  await page.selectOption(`#${id}`, value);
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  opened = await openPage();
  page = opened.page;
});

after(async () => {
  if (page) await page.screenshot({ path: join(ARTIFACTS, 'live.png'), fullPage: true }).catch(() => {});
  await closePage(opened, work);
});

test('the first view fetches no file of the live worker; opening Live mode does', async () => {
  // The test server records every request it gets: the page's, its
  // workers' (a worker's fetches do not all show as the page's).
  const served = () => opened.server.requests.map((u) => u.split('?')[0]);
  assert.ok(served().some((u) => u.endsWith('/app_bg.wasm')), `the page's module: ${served()}`);
  assert.deepEqual(served().filter(isLive), [], 'no live_* file at first view');
  assert.equal(await page.isHidden('#live'), true);
  await page.click('#live-open');
  await liveUntil((d) => d.events === 0, 60000);
  const fetched = served().filter(isLive).map((u) => u.split('/').pop());
  assert.ok(fetched.includes('live.js') && fetched.includes('live_bg.wasm'), `fetched ${fetched}`);
});

test('playing moves the clock and the events on; pause holds them', async () => {
  await choose('live-speed', '604800');
  const start = await live();
  await page.click('#live-play');
  const moving = await liveUntil((d) => d.events > start.events + 1000);
  assert.ok(moving.clock > start.clock);
  const later = await liveUntil((d) => d.clock > moving.clock && d.events > moving.events);
  assert.ok(later.events > moving.events);
  await page.click('#live-pause');
  await page.waitForTimeout(300); // a frame in flight lands
  const paused = await live();
  await page.waitForTimeout(1000);
  assert.deepEqual(await live(), paused, 'paused: nothing moves for a second');
  const text = await page.textContent('#live-clock');
  assert.match(text, /^\d{4}-\d\d-\d\d \d\d:\d\d$/);
  assert.match(await page.textContent('#live-badge'), /batch to .* · speed .* → /);
});

test('a seek jumps the clock to the date, back and forth', async () => {
  for (const [value, unix] of [['2000-11-20T00:00', Date.UTC(2000, 10, 20) / 1000],
    ['2000-06-01T12:00', Date.UTC(2000, 5, 1, 12) / 1000]]) {
    await page.fill('#live-seek', value);
    await page.click('#live-go');
    const d = await liveUntil((d) => d.clock === unix);
    assert.ok(d.events > 0);
    assert.equal(await page.textContent('#live-clock'), value.replace('T', ' '));
  }
  await page.click('#live-verify');
  await page.waitForFunction(() => /[✓✗]/.test(document.getElementById('live-verified').textContent));
  assert.match(await page.textContent('#live-verified'), /^✓ merged = recomputed/);
});

test('late events: the files own order, and jitter beyond the lateness', async () => {
  await choose('live-order', 'file');
  await liveUntil((d) => d.events === 0);
  await page.click('#live-step');
  const file = await liveUntil((d) => d.events > 0);
  assert.ok(file.late > 0, `file order: ${JSON.stringify(file)}`);
  await choose('live-order', 'time');
  await choose('live-jitter', '21600');
  await choose('live-lateness', '600');
  await liveUntil((d) => d.events === 0);
  await page.click('#live-step');
  const jitter = await liveUntil((d) => d.events > 0);
  assert.ok(jitter.late > 0, `jitter 6 h, lateness 10 min: ${JSON.stringify(jitter)}`);
  assert.match(await page.textContent('#live-tables'), /Late events: [1-9]/);
});

test('at the end of the stream the served dashboard is the batch one, and Verify says so', async () => {
  await page.click('#live-close');
  assert.equal(await page.isHidden('#live'), true);
  const batch = await kpis(page);
  const ratings = Number((await page.textContent('#count')).replace(/[^0-9]/g, ''));
  await page.click('#live-open');
  await liveUntil((d) => d.events === 0);
  await choose('live-jitter', '3600');
  await liveUntil((d) => d.events === 0);
  await choose('live-speed', '0');
  await page.click('#live-play');
  const end = await liveUntil((d) => d.done, 120000);
  assert.equal(end.events, ratings, 'every accepted rating of the data shown');
  await page.waitForTimeout(300);
  assert.deepEqual(await kpis(page), batch);
  await page.click('#live-verify');
  await page.waitForFunction(() => /[✓✗]/.test(document.getElementById('live-verified').textContent));
  assert.match(await page.textContent('#live-verified'), /^✓ merged = recomputed/);
});

test('a cross-filter click while live is served live; leaving brings the dashboard back', async () => {
  const all = await kpis(page);
  await clickChip(page, 'gender', 'F');
  await page.waitForFunction((before) => document.querySelector('#kpis .kpi').textContent !== before, all[0]);
  const women = await kpis(page);
  await page.click('#live-verify');
  await page.waitForFunction(() => /[✓✗]/.test(document.getElementById('live-verified').textContent));
  assert.match(await page.textContent('#live-verified'), /^✓/);
  await page.click('#live-close');
  assert.equal(await page.isHidden('#live'), true);
  // The main worker's dashboard of the same filter: the same numbers.
  await page.waitForTimeout(500);
  assert.deepEqual(await kpis(page), women);
});

test('files: the live worker reads the same files, and its end of the stream is their batch dashboard', async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-live-'));
  const dir = join(work, 'data');
  cli('generate', '--out', dir, '--ratings', '30000', '--seed', '8', '--dirty');
  await giveFiles(page, ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(dir, f)));
  const batch = await kpis(page);
  await page.click('#live-open');
  const start = await liveUntil((d) => d.events === 0);
  assert.ok(start.clock > 0);
  // Mid-stream the served numbers differ from the batch ones; leaving
  // Live mode there brings the batch dashboard back.
  await page.click('#live-step');
  await liveUntil((d) => d.events > 0);
  await page.waitForFunction((before) => document.querySelector('#kpis .kpi').textContent !== before, batch[0]);
  await page.click('#live-close');
  await page.waitForFunction((before) => document.querySelector('#kpis .kpi').textContent === before, batch[0]);
  assert.deepEqual(await kpis(page), batch);
  await page.click('#live-open');
  await liveUntil((d) => d.events === 0);
  await choose('live-order', 'file');
  await choose('live-speed', '0');
  await page.click('#live-play');
  const end = await liveUntil((d) => d.done, 60000);
  assert.ok(end.late > 0, 'the files are grouped by user: late events');
  await page.waitForTimeout(300);
  assert.deepEqual(await kpis(page), batch);
  await page.click('#live-close');
});
