// End-to-end tests: the built page, served from a sub-path, driven in
// Debian's headless Chromium the way a person uses it.
//
//   node --test tests/e2e/        (scripts/test.sh builds dist/ and the CLI first)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch, dashboardAfter, seq } from './browser.mjs';
import { DIST, ARTIFACTS, cli, n, lineageRow as rowOf, giveFiles as give, clickChip, openTab } from './helpers.mjs';

let server, browser, page, work;
const outside = [];
const consoleErrors = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-e2e-'));
  cli('generate', '--out', join(work, 'dirty'), '--dirty', '--ratings', '100000', '--seed', '9', '--zip');
  // Markup in a title and in a rejected line must be shown as text.
  cli('generate', '--out', join(work, 'html'), '--ratings', '20000', '--seed', '4');
  appendFileSync(join(work, 'html/movies.dat'),
    '9001::<img src=x onerror="document.body.dataset.pwned=1"> Markup & Co. (1999)::Comedy\n' +
    '9002::<b>bold</b>::Drama::extra\n');
  // Enough 5-star ratings to put it at the top of the top lists.
  let extra = '';
  for (let u = 1; u <= 100; u++) extra += `${u}::9001::5::978300760\n`;
  appendFileSync(join(work, 'html/ratings.dat'), extra);
  writeFileSync(join(work, 'not-movielens.png'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
  server = await serve(DIST);
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.origin) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
  });
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(server.url);
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Share of a canvas' pixels that are not (near) white. */
async function inked(id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) ink++;
    return ink / (d.length / 4);
  }, id);
}

const lineageRow = (file) => rowOf(page, file);
const giveFiles = (paths) => give(page, paths);

test('the demo dashboard renders every chart', async () => {
  await dashboardAfter(page, 0, 30000);
  assert.equal(await page.evaluate(() => document.body.dataset.source), 'demo');
  assert.match(await page.textContent('#status'), /demo data/i);
  const ids = await page.$$eval('#charts canvas', (cs) => cs.map((c) => c.id));
  assert.equal(ids.length, 14);
  for (const id of ids) {
    const share = await inked(id);
    assert.ok(share > 0.01, `${id} is blank (${share})`);
  }
  await openTab(page, 'quality');
  assert.ok(await inked('chart-lineage') > 0.01, 'the lineage chart is blank');
  await openTab(page, 'dashboard');
  const ratings = await page.textContent('[data-kpi="ratings"] .value');
  assert.equal(n(ratings), 1000209);
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard-demo.png'), fullPage: true });
});

test('a dirty dataset through the file input shows the exact lineage', async () => {
  const dir = join(work, 'dirty');
  await giveFiles(['ratings.dat', 'users.dat', 'movies.dat'].map((f) => join(dir, f)));
  const expected = JSON.parse(readFileSync(join(dir, 'expected-lineage.json'), 'utf8'));
  for (const file of ['users', 'movies', 'ratings']) {
    const [name, bytes, lines, blank, accepted, rejected] = await lineageRow(file);
    const e = expected[file];
    assert.equal(name, `${file}.dat`);
    assert.deepEqual([n(bytes), n(lines), n(blank), n(accepted), n(rejected)],
      [e.bytes, e.lines, e.blank, e.accepted, Object.values(e.rejected).reduce((a, b) => a + b, 0)], file);
  }
  const rejects = await page.$$eval('#rejects-table tr[data-reason]', (rows) => rows.length);
  assert.ok(rejects > 40, `only ${rejects} rejects listed`);
  await page.waitForFunction(() => document.body.dataset.profiled === '1');
  const fails = await page.$$eval('#expectations li.fail', (li) => li.length);
  assert.ok(fails >= 5, 'the dirty data breaks several expectations');
});

test('the downloaded report JSON equals the CLI report on the same files', async () => {
  const dir = join(work, 'dirty');
  await openTab(page, 'export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-report')]);
  const got = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const want = JSON.parse(cli('report', dir, '--json', '-', '--quiet'));
  assert.deepEqual(got, want);
});

test('rejects, cleaned ratings and charts download', async () => {
  const dir = join(work, 'dirty');
  await openTab(page, 'quality');
  const [rej] = await Promise.all([page.waitForEvent('download'), page.click('#export-rejects')]);
  const csv = readFileSync(await rej.path(), 'utf8');
  assert.equal(rej.suggestedFilename(), 'movielens-rejects.csv');
  assert.equal(csv, cli('report', dir, '--rejects', '-', '--quiet'));
  await openTab(page, 'export');
  const [rat] = await Promise.all([page.waitForEvent('download'), page.click('#export-ratings')]);
  const lines = readFileSync(await rat.path(), 'utf8').trimEnd().split('\n');
  const expected = JSON.parse(readFileSync(join(dir, 'expected-lineage.json'), 'utf8'));
  assert.equal(lines[0], 'user_id,movie_id,rating,timestamp');
  assert.equal(lines.length - 1, expected.ratings.accepted);
  await openTab(page, 'dashboard');
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('#card-genres button.png')]);
  assert.equal(png.suggestedFilename(), 'movielens-genres.png');
  const head = readFileSync(await png.path()).subarray(0, 8).toString('hex');
  assert.equal(head, '89504e470d0a1a0a');
});

test('the zip works and gives the same numbers', async () => {
  const folder = await page.textContent('[data-kpi="ratings"] .value');
  await giveFiles([join(work, 'dirty/ml-1m.zip')]);
  assert.equal(await page.textContent('[data-kpi="ratings"] .value'), folder);
  const [, , lines] = await lineageRow('ratings');
  const expected = JSON.parse(readFileSync(join(work, 'dirty/expected-lineage.json'), 'utf8'));
  assert.equal(n(lines), expected.ratings.lines);
});

test('clicking a genre bar filters the other charts and the URL; reload restores it', async () => {
  const before = await seq(page);
  const kpiBefore = await page.textContent('[data-kpi="ratings"] .value');
  const histBefore = await page.evaluate(() => document.getElementById('chart-histogram').toDataURL());
  const genresBefore = await page.evaluate(() => document.getElementById('chart-genres').toDataURL());
  // Where the Drama bar is, from the chart's own hit map (canvas pixels → CSS pixels).
  const point = await page.evaluate(() => {
    const c = document.getElementById('chart-genres');
    const hits = JSON.parse(c.dataset.hits);
    const h = hits.find((h) => h.key && h.key.Genre === 7);
    const r = c.getBoundingClientRect();
    return { x: ((h.x0 + h.x1) / 2) * r.width / c.width, y: ((h.y0 + h.y1) / 2) * r.height / c.height };
  });
  // Hovering shows the exact value under the mouse.
  await page.hover('#chart-genres', { position: point });
  const tip = await page.textContent('#tooltip');
  assert.match(tip, /Drama/);
  const drama = await page.evaluate(() => {
    const row = [...document.querySelectorAll('#chart-genres tr')].find((tr) => tr.firstChild.textContent === 'Drama');
    return row.children[1].textContent;
  });
  assert.ok(tip.includes(drama), `tooltip "${tip}" lacks the count ${drama}`);
  await page.click('#chart-genres', { position: point });
  await dashboardAfter(page, before);
  assert.match(page.url(), /#.*genre=Drama/);
  assert.notEqual(await page.textContent('[data-kpi="ratings"] .value'), kpiBefore);
  assert.notEqual(await page.evaluate(() => document.getElementById('chart-histogram').toDataURL()), histBefore);
  assert.equal(await page.getAttribute('button.chip[data-dim="genre"][data-key="7"]', 'aria-pressed'), 'true');
  assert.match(await page.textContent('#active'), /Drama/);
  // Crossfilter: the genre chart itself ignores the genre filter (only colours change).
  assert.notEqual(await page.evaluate(() => document.getElementById('chart-genres').toDataURL()), genresBefore);
  const filtered = await page.textContent('[data-kpi="ratings"] .value');

  await page.reload();
  await dashboardAfter(page, 0, 30000);
  assert.match(page.url(), /genre=Drama/);
  assert.equal(await page.getAttribute('button.chip[data-dim="genre"][data-key="7"]', 'aria-pressed'), 'true');
  // After a reload the demo data is back, filtered by Drama.
  assert.equal(await page.evaluate(() => document.body.dataset.source), 'demo');
  assert.notEqual(n(await page.textContent('[data-kpi="ratings"] .value')), 1000209);
  assert.ok(filtered);
  const cleared = await seq(page);
  await page.click('#clear');
  await dashboardAfter(page, cleared);
  assert.ok(!page.url().includes('genre'));
  assert.equal(n(await page.textContent('[data-kpi="ratings"] .value')), 1000209);
});

test('a non-MovieLens file shows one clear error and keeps the data', async () => {
  await dashboardAfter(page, 0);
  const kpi = await page.textContent('[data-kpi="ratings"] .value');
  await page.setInputFiles('#files', join(work, 'not-movielens.png'));
  await page.waitForFunction(() => document.body.dataset.status === 'error');
  const msg = await page.textContent('#status');
  assert.match(msg, /not-movielens\.png/);
  assert.match(msg, /binary file/);
  assert.equal(await page.textContent('[data-kpi="ratings"] .value'), kpi);
});

test('markup in a title and in a raw line is shown literally', async () => {
  const dir = join(work, 'html');
  await giveFiles(['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(dir, f)));
  await page.waitForFunction(() => document.body.dataset.profiled === '1');
  const body = await page.textContent('body');
  assert.ok(body.includes('<img src=x onerror="document.body.dataset.pwned=1"> Markup & Co. (1999)'), 'title not shown literally');
  assert.ok(body.includes('9002::<b>bold</b>::Drama::extra'), 'raw rejected line not shown literally');
  assert.equal(await page.$$eval('img[src="x"], b', (e) => e.length), 0);
  assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
});

test('files dropped anywhere on the page load like picked ones', async () => {
  const dir = join(work, 'dirty');
  const before = await seq(page);
  const files = ['movies.dat', 'users.dat', 'ratings.dat'].map((f) => ({
    name: f, data: readFileSync(join(dir, f)).toString('base64'),
  }));
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const f of files) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], f.name));
    }
    const target = document.querySelector('#kpis');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await dashboardAfter(page, before, 60000);
  const expected = JSON.parse(readFileSync(join(dir, 'expected-lineage.json'), 'utf8'));
  const [, , lines, , accepted] = await lineageRow('ratings');
  assert.deepEqual([n(lines), n(accepted)], [expected.ratings.lines, expected.ratings.accepted]);
  assert.equal(await page.isHidden('#drop'), true);
});

test('a load can be cancelled and the data shown before stays', async () => {
  const big = join(work, 'big');
  cli('generate', '--out', big, '--ratings', '3000000', '--seed', '2');
  const kpi = await page.textContent('[data-kpi="ratings"] .value');
  const lineage = await lineageRow('ratings');
  await page.setInputFiles('#files', ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(big, f)));
  await page.click('#cancel');
  await page.waitForFunction(() => /cancelled/i.test(document.querySelector('#status').textContent));
  assert.equal(await page.textContent('[data-kpi="ratings"] .value'), kpi);
  assert.deepEqual(await lineageRow('ratings'), lineage);
  assert.equal(await page.isHidden('#progress'), true);
  // The worker still answers for the data it kept.
  const before = await seq(page);
  await clickChip(page, 'gender', 'F');
  await dashboardAfter(page, before);
  assert.notEqual(await page.textContent('[data-kpi="ratings"] .value'), kpi);
  const b2 = await seq(page);
  await page.click('#clear');
  await dashboardAfter(page, b2);
});

test('removing one active filter keeps the others', async () => {
  let before = await seq(page);
  await clickChip(page, 'genre', '7');
  await dashboardAfter(page, before);
  before = await seq(page);
  await clickChip(page, 'gender', 'F');
  await dashboardAfter(page, before);
  assert.match(page.url(), /gender=F/);
  // By keyboard: focus the ✕ of the gender filter and press Enter.
  before = await seq(page);
  await page.focus('#active button[data-remove="gender"]');
  await page.keyboard.press('Enter');
  await dashboardAfter(page, before);
  assert.doesNotMatch(page.url(), /gender=F/);
  // The focus stays in the list of active filters.
  assert.equal(await page.evaluate(() => document.activeElement.closest('#active') !== null), true);
  assert.match(page.url(), /genre=Drama/);
  assert.equal(await page.getAttribute('button.chip[data-dim="gender"][data-key="F"]', 'aria-pressed'), 'false');
  before = await seq(page);
  await page.click('#clear');
  await dashboardAfter(page, before);
});

test('neither the page nor the worker can connect to another origin', async () => {
  const other = await serve(DIST, '/');
  const target = other.url.replace('127.0.0.1', 'localhost');
  try {
    const fromPage = await page.evaluate(async (u) => {
      try { await fetch(u); return 'connected'; } catch { return 'blocked'; }
    }, target);
    assert.equal(fromPage, 'blocked');
    const workers = page.workers();
    assert.equal(workers.length, 1, 'one worker runs the core');
    const fromWorker = await workers[0].evaluate(async (u) => {
      try { await fetch(u); return 'connected'; } catch { return 'blocked'; }
    }, target);
    assert.equal(fromWorker, 'blocked');
    assert.deepEqual(other.requests, []);
  } finally {
    other.close();
  }
});

test('in dark mode the page and the charts are dark', async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, colorScheme: 'dark' });
  const dark = await context.newPage();
  try {
    await dark.goto(server.url);
    await dashboardAfter(dark, 0, 30000);
    const [r, g, b] = await dark.evaluate(() => {
      const c = document.getElementById('chart-histogram');
      return [...c.getContext('2d').getImageData(2, 2, 1, 1).data];
    });
    assert.ok(r < 60 && g < 60 && b < 60, `chart background ${r},${g},${b}`);
    const bg = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(15, 17, 21)');
  } finally {
    await context.close();
  }
});

test('no request leaves the origin, and nothing went wrong in the console', async () => {
  assert.deepEqual(outside.filter((u) => !u.startsWith('http://localhost:')), []);
  // The only expected errors: the connections the CSP refused on purpose above.
  const unexpected = consoleErrors.filter((e) => !/localhost:\d+/.test(e) && !/Failed to fetch/.test(e));
  assert.deepEqual(unexpected, []);
  assert.ok(server.requests.some((u) => u.endsWith('.wasm')));
  await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
});
