// End-to-end: append (issue 8). A generated dataset's ratings are split in
// two files; the second also re-rates pairs of the first (later
// timestamps: the new rating wins; one earlier: the old one stays) and
// holds a line of an unknown user. Users, movies and the first ratings are
// loaded; the second, dropped on the page, is offered to add; Add gives
// exactly the numbers of a fresh load of the concatenated file (and of the
// CLI's report of it), the quality panel lists both files, the rejects
// count the unknown user. Escape dismisses the offer and changes nothing;
// Replace loads the file as any other; a file that is not ratings loads
// at once, as before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openPage, closePage, cli, n, kpis, giveFiles, statusMatches, fetchFixtures, dropFixtures,
  dashboardAfter, seq, openTab,
} from './helpers.mjs';

let opened, page, work, want;

const UNKNOWN_USER = '999999::1::3::978300760';

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-append-'));
  const gen = join(work, 'gen');
  cli('generate', '--out', gen, '--ratings', '6000', '--seed', '11');
  const lines = readFileSync(join(gen, 'ratings.dat'), 'utf8').trimEnd().split('\n');
  const cut = Math.floor(lines.length * 0.6);
  const first = lines.slice(0, cut);
  const rerated = first.slice(0, 40).map((l, i) => {
    const [u, m, s, t] = l.split('::');
    // 39 later (they win), one earlier (the first file's stays).
    const ts = i === 39 ? Number(t) - 1000 : Number(t) + 1000 + i;
    return `${u}::${m}::${(Number(s) % 5) + 1}::${ts}`;
  });
  const second = [...lines.slice(cut, cut + 500), ...rerated, UNKNOWN_USER, ...lines.slice(cut + 500)];
  const fixtures = join(work, 'fixtures');
  const cat = join(work, 'cat');
  mkdirSync(fixtures);
  mkdirSync(cat);
  writeFileSync(join(work, 'r1.dat'), `${first.join('\n')}\n`);
  writeFileSync(join(fixtures, 'r2.dat'), `${second.join('\n')}\n`);
  writeFileSync(join(cat, 'ratings.dat'), `${[...first, ...second].join('\n')}\n`);
  for (const f of ['users.dat', 'movies.dat']) copyFileSync(join(gen, f), join(cat, f));
  copyFileSync(join(fixtures, 'r2.dat'), join(work, 'r2.dat'));
  want = JSON.parse(cli('report', cat, '--json', '-', '--quiet'));
  opened = await openPage({ fixtures });
  page = opened.page;
});

after(() => closePage(opened, work));

const tables = () => ['users.dat', 'movies.dat'].map((f) => join(work, 'gen', f));

const offerShown = () => page.waitForSelector('#append-offer:not([hidden])');

/** What the page shows of the data. */
async function shown() {
  return {
    kpis: await kpis(page),
    count: await page.textContent('#count'),
    rejects: await page.textContent('#rejects-count'),
  };
}

/** The lineage table's ratings rows: [name, accepted, rejected, reasons, appended?]. */
async function ratingsRows() {
  return page.$$eval('#lineage-table tr[data-file="ratings"]', (rows) => rows.map((tr) => {
    const td = [...tr.children].map((c) => c.textContent);
    return [td[0], td[4], td[5], td[6], tr.hasAttribute('data-appended')];
  }));
}

let appended;

test('a ratings file dropped on loaded data is offered; Add equals a load of the files concatenated', async () => {
  await giveFiles(page, [...tables(), join(work, 'r1.dat')]);
  await fetchFixtures(page, ['r2.dat']);
  await dropFixtures(page);
  await offerShown();
  assert.match(await page.textContent('#append-offer-text'), /^r2\.dat holds ratings/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'append-add', 'focus on Add');
  const before = await seq(page);
  // Keyboard: Enter on the focused Add.
  await page.keyboard.press('Enter');
  await dashboardAfter(page, before);
  await page.waitForFunction(() => document.getElementById('append-offer').hidden);
  await statusMatches(page, /Showing your files: .*r1\.dat \+ r2\.dat/);
  appended = await shown();
  const [ratings, users, movies, mean] = appended.kpis;
  const s = want.summary;
  assert.equal(n(ratings.replace('ratings', '')), s.ratings);
  assert.equal(n(movies.replace('rated movies', '')), s.rated_movies);
  assert.ok(Math.abs(parseFloat(mean) - s.mean_rating) < 0.0006, `${mean} vs ${s.mean_rating}`);
  assert.match(users, /users who rated$/);
  assert.equal(appended.count, `all ${s.ratings.toLocaleString('en-US')} ratings`);
  // The quality panel lists both ratings files, the appended one with its
  // own counts and reasons: the unknown user, the re-rating that lost.
  const rows = await ratingsRows();
  assert.equal(rows.length, 2, JSON.stringify(rows));
  assert.deepEqual(rows.map((r) => [r[0], r[4]]), [['r1.dat', false], ['r2.dat', true]]);
  const [, acc1, rej1, why1] = rows[0];
  const [, acc2, rej2, why2] = rows[1];
  assert.equal(n(acc1) + n(acc2), s.ratings);
  assert.match(why1, /duplicate_rating 39/);
  assert.match(why2, /unknown_user 1/);
  assert.match(why2, /duplicate_rating 1/);
  assert.ok(n(rej2) >= 2 && n(rej1) >= 39, JSON.stringify(rows));
  // As many rejected as in the concatenated file (a superseded rating of
  // the first file is counted there, where it was).
  assert.equal(n(rej1) + n(rej2), want.lineage.ratings.rejected_total);
  // The rejects: the unknown user's line is listed and downloaded.
  await openTab(page, 'quality');
  const reasons = await page.$$eval('#rejects-table tr[data-reason]', (r) => r.map((tr) => tr.dataset.reason));
  assert.ok(reasons.includes('unknown_user'), reasons.join(' '));
  const [rej] = await Promise.all([page.waitForEvent('download'), page.click('#export-rejects')]);
  const csv = readFileSync(await rej.path(), 'utf8');
  assert.ok(csv.includes(UNKNOWN_USER), 'the unknown user in the rejects CSV');
  await openTab(page, 'dashboard');
});

/** The live panel's numbers, once `pred` holds (polled: the page's CSP forbids evaluated code). */
async function liveUntil(pred, timeout = 60000) {
  const t0 = Date.now();
  for (;;) {
    const d = await page.evaluate(() => {
      const d = document.getElementById('live').dataset;
      return { events: Number(d.events), total: Number(d.total), done: d.done === 'true' };
    });
    if (!Number.isNaN(d.events) && pred(d)) return d;
    if (Date.now() - t0 > timeout) throw new Error(`live: still ${JSON.stringify(d)}`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
}

test('Live mode replays the data shown, the added file included', async () => {
  await page.click('#live-open');
  const start = await liveUntil((d) => d.events === 0);
  assert.equal(start.total, want.summary.ratings, 'the events: the accepted ratings of both files');
  // Mid-stream the served numbers differ; leaving brings the appended
  // dashboard back.
  await page.click('#live-step');
  await liveUntil((d) => d.events > 0);
  await page.waitForFunction((before) => document.querySelector('#kpis .kpi').textContent !== before,
    appended.kpis[0]);
  await page.click('#live-close');
  await page.waitForFunction((before) => document.querySelector('#kpis .kpi').textContent === before,
    appended.kpis[0]);
  assert.deepEqual(await shown(), appended);
  await page.click('#live-open');
  await liveUntil((d) => d.events === 0);
  await page.selectOption('#live-speed', '0');
  await page.click('#live-play');
  const end = await liveUntil((d) => d.done);
  assert.equal(end.events, want.summary.ratings);
  await page.waitForTimeout(300);
  assert.deepEqual(await kpis(page), appended.kpis);
  await page.click('#live-close');
});

test('the same numbers as a fresh load of the concatenated file', async () => {
  await giveFiles(page, [...tables(), join(work, 'cat', 'ratings.dat')]);
  const fresh = await shown();
  assert.deepEqual(appended.kpis, fresh.kpis);
  assert.equal(appended.count, fresh.count);
  assert.equal(appended.rejects, fresh.rejects);
});

test('Escape dismisses the offer and nothing changes', async () => {
  const before = await shown();
  await page.setInputFiles('#files', [join(work, 'r2.dat')]);
  await offerShown();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('append-offer').hidden);
  assert.notEqual(await page.evaluate(() => document.body.dataset.status), 'loading');
  assert.deepEqual(await shown(), before);
  assert.equal((await ratingsRows()).length, 1);
});

test('Replace loads the file as any other (alone it is refused; the data stays)', async () => {
  const before = await shown();
  await page.setInputFiles('#files', [join(work, 'r2.dat')]);
  await offerShown();
  await page.evaluate(() => { document.body.dataset.status = 'asked'; });
  await page.click('#append-replace');
  await page.waitForFunction(() => document.body.dataset.status === 'error');
  await page.waitForFunction(() => document.getElementById('append-offer').hidden);
  await statusMatches(page, /The data shown before is still here\.$/);
  assert.deepEqual(await shown(), before);
});

test('a file that cannot be read when added gives one message; the data shown stays', async () => {
  const before = await shown();
  const gone = join(work, 'gone.dat');
  copyFileSync(join(work, 'r2.dat'), gone);
  await page.setInputFiles('#files', [gone]);
  await offerShown();
  // Removed after it was given: the browser cannot read it any more.
  unlinkSync(gone);
  await page.evaluate(() => { document.body.dataset.status = 'asked'; });
  await page.click('#append-add');
  await page.waitForFunction(() => document.body.dataset.status === 'error');
  await statusMatches(page, /^gone\.dat: .*The data shown before is still here\.$/);
  assert.equal(await page.isHidden('#cancel'), true);
  assert.deepEqual(await shown(), before);
  assert.equal((await ratingsRows()).length, 1);
});

test('a single file that is not ratings is loaded at once, not offered', async () => {
  await page.evaluate(() => { document.body.dataset.status = 'asked'; });
  await page.setInputFiles('#files', [join(work, 'gen', 'movies.dat')]);
  await page.waitForFunction(() => document.body.dataset.status === 'error');
  assert.equal(await page.evaluate(() => document.getElementById('append-offer').hidden), true);
});
