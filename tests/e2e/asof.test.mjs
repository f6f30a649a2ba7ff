// End-to-end: time travel. A generated dirty dataset with re-ratings
// appended (later, earlier and at the same second); the "As of" control set
// as a person does (unfold the filters, type a date and time, leave the
// field); the KPIs, the star histogram and the month chart then equal
// what this test computes from ratings.dat itself (rows made before the
// instant, the latest per user and movie); the URL holds asof=, a reload
// restores it, the chip removes it; at 1400×1000 and 390×844.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { ARTIFACTS, DIST, cli, dashboardAfter, giveFiles, n, seq } from './helpers.mjs';

let server, browser, work, files, lines;

/** `YYYY-MM` of Unix seconds (UTC). */
const monthOf = (t) => new Date(t * 1000).toISOString().slice(0, 7);

/**
 * The ratings as they stood at `t`, computed plainly from the file: valid
 * lines of known users and movies made before `t`, the latest per (user,
 * movie), a tie the later line.
 */
function asOf(t) {
  const latest = new Map();
  for (const r of lines) {
    if (r.t >= t) continue;
    const key = `${r.u}:${r.m}`;
    const old = latest.get(key);
    if (!old || old.t <= r.t) latest.set(key, r);
  }
  const all = [...latest.values()];
  const hist = [0, 0, 0, 0, 0];
  const months = new Map();
  for (const r of all) {
    hist[r.s - 1]++;
    months.set(monthOf(r.t), (months.get(monthOf(r.t)) || 0) + 1);
  }
  return { count: all.length, hist, months };
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-asof-'));
  const dir = join(work, 'data');
  cli('generate', '--out', dir, '--ratings', '60000', '--seed', '21', '--dirty');
  const ok = (f) => f.length === 4 && f.every((x) => /^\d+$/.test(x));
  // The accepted users and movies, by the documented rules (the generator
  // injects rows that break each; the first of a duplicate id wins).
  // A byte-order mark may open a file (read as Latin-1: three characters).
  const read = (name) => readFileSync(join(dir, name), 'latin1').replace(/^\xEF\xBB\xBF/, '');
  const split = (name) => read(name).split('\n')
    .filter((l) => !l.includes('\0')).map((l) => l.split('::').map((x) => x.trim()));
  const id = (x) => /^\d+$/.test(x) && Number(x) > 0 && Number(x) < 2 ** 32;
  const users = new Set(split('users.dat').filter((f) => f.length === 5 && id(f[0])
    && /^[FM]$/.test(f[1]) && ['1', '18', '25', '35', '45', '50', '56'].includes(f[2])
    && /^\d+$/.test(f[3]) && Number(f[3]) <= 20 && f[4] !== '').map((f) => f[0]));
  const movies = new Set(split('movies.dat').filter((f) => f.length === 3 && id(f[0])
    && f[1].replace(/\(\d{4}\)$/, '').trim() !== '').map((f) => f[0]));
  // Re-ratings: every 50th valid line, 30 days later, 30 days earlier or at the same second.
  const base = read('ratings.dat').split('\n').map((l) => l.split('::')).filter(ok);
  let extra = '';
  base.filter((_, i) => i % 50 === 0).forEach((f, i) => {
    const t = Number(f[3]) + [30 * 86400, -30 * 86400, 0][i % 3];
    extra += `${f[0]}::${f[1]}::${(Number(f[2]) % 5) + 1}::${t}\n`;
  });
  appendFileSync(join(dir, 'ratings.dat'), extra);
  // The file's accepted rows, read plainly (the dirty rows the generator
  // injects fail one of these checks, or name an unknown user or movie).
  lines = split('ratings.dat')
    .filter((f) => ok(f) && users.has(f[0]) && movies.has(f[1]) && Number(f[2]) >= 1 && Number(f[2]) <= 5
      && Number(f[0]) > 0 && Number(f[1]) > 0 && Number(f[3]) < 2 ** 32)
    .map((f) => ({ u: f[0], m: f[1], s: Number(f[2]), t: Number(f[3]) }));
  files = ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(dir, f));
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** What the page shows: the ratings KPI, the star histogram's and the month chart's tables. */
async function shown(page) {
  return page.evaluate(() => {
    const num = (s) => Number(String(s).replace(/[^0-9]/g, ''));
    const rows = (id) => [...document.querySelectorAll(`#chart-${id} tr`)]
      .map((tr) => [...tr.children].map((c) => c.textContent)).filter((r) => r[0] && !/^(stars|month)$/.test(r[0]));
    return {
      ratings: num(document.querySelector('[data-kpi=ratings] .value, [data-kpi=ratings]').textContent.split('ratings')[0]),
      hist: rows('histogram').map((r) => num(r[1])),
      months: rows('months').map((r) => [r[0], num(r[1])]),
      count: document.getElementById('count').textContent,
      chips: [...document.querySelectorAll('#active .active-chip')].map((b) => b.textContent),
      hash: location.hash,
    };
  });
}

/** Sets the As of control as a person does: unfold the filters, type, leave the field. */
async function setAsOf(page, value) {
  if (await page.getAttribute('#filters-toggle', 'aria-expanded') !== 'true') {
    await page.click('#filters-toggle');
  }
  const before = await seq(page);
  await page.fill('#f-asof', value);
  await page.locator('#f-asof').dispatchEvent('change');
  return dashboardAfter(page, before);
}

function check(s, want, what) {
  assert.equal(s.ratings, want.count, `${what}: ratings KPI`);
  assert.deepEqual(s.hist, want.hist, `${what}: star histogram`);
  const months = s.months.filter(([, c]) => c > 0);
  const wantMonths = [...want.months.entries()].sort();
  assert.deepEqual(months, wantMonths, `${what}: month chart`);
}

for (const viewport of [{ width: 1400, height: 1000 }, { width: 390, height: 844 }]) {
  test(`the As of control travels in time, in the URL and back (${viewport.width}×${viewport.height})`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await dashboardAfter(page, 0, 30000);
    await giveFiles(page, files);
    const now = await shown(page);
    check(now, asOf(2 ** 32), 'now');

    // An instant in the middle of the data, between re-ratings' events.
    const ts = lines.map((r) => r.t).sort((a, b) => a - b);
    const mid = ts[Math.floor(ts.length * 0.6)];
    const t = Math.floor(mid / 60) * 60 + 60;
    const iso = new Date(t * 1000).toISOString().slice(0, 16);
    await setAsOf(page, iso);
    const then = await shown(page);
    const want = asOf(t);
    assert.ok(want.count < now.ratings && want.count > 0, `${want.count} of ${now.ratings}`);
    check(then, want, `as of ${iso}`);
    assert.equal(then.count, `all ${want.count.toLocaleString('en-US')} ratings then`);
    assert.ok(then.hash.includes(`asof=${iso}Z`), then.hash);
    const chip = `as of ${iso.replace('T', ' ')} UTC`;
    assert.ok(then.chips.some((c) => c.startsWith(chip)), JSON.stringify(then.chips));
    await page.screenshot({ path: join(ARTIFACTS, `asof-${viewport.width}.png`) });

    // Combined with a cross-filter: the count says N of M, M as of then.
    await page.click('button.chip[data-dim="gender"][data-key="F"]');
    await page.waitForFunction(() => /of/.test(document.getElementById('count').textContent));
    const women = await shown(page);
    assert.match(women.count, new RegExp(`of ${want.count.toLocaleString('en-US')} ratings`));
    await page.click('button.chip[data-dim="gender"][data-key="F"]');

    // A reload restores it from the URL.
    await page.reload();
    await dashboardAfter(page, 0, 30000);
    await giveFiles(page, files);
    const restored = await shown(page);
    check(restored, want, 'after a reload');
    assert.equal(await page.inputValue('#f-asof'), iso);

    // Its chip removes it.
    const before = await seq(page);
    await page.click(`#active [data-remove="asof"]`);
    await dashboardAfter(page, before);
    const back = await shown(page);
    check(back, asOf(2 ** 32), 'chip removed');
    assert.ok(!back.hash.includes('asof='), back.hash);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
