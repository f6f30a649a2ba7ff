// End-to-end: smart intake. A whole folder (README, README.txt, links.csv,
// .DS_Store and other side files included) is picked with "Open folder…"
// or dropped, loads, and says what it ignored; a checklist says what was
// recognised, each item a link to its place, and updates when the
// expectations arrive; the files of every other release (ML-100K, ML-10M,
// a CSV release, as folders, loose files or the zip GroupLens ships) load
// with the numbers the CLI finds, their demographics hidden where there is
// no users file; a release missing a table gets a message naming it while
// the data shown before stays. Fixtures: the project's generator, plus
// small hand-written files in the shape of the other releases (never real
// MovieLens data).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ARTIFACTS, openPage, closePage, cli, n, kpis, fetchFixtures, dropFixtures, dashboardAfter, seq, openTab,
} from './helpers.mjs';

let opened, page, work, fixtures, expected;

const DS_STORE = Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, 0, 0, 0x10, 0, 0, 0, 8, 0]);
const README = 'SUMMARY\n=======\nThese files are synthetic, in the shape of a MovieLens release.\n';
const SIDE = ['README', 'README.txt', 'links.csv', 'tags.csv', 'genome-tags.csv', '.DS_Store', 'expected-lineage.json'];

/** Writes `files` ({name: text or Buffer}) into `dir`. */
function write(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** A zip of `dir`'s files under the folder name `folder`, as GroupLens ships one (Python's zipfile). */
function zipOf(dir, folder, out) {
  execFileSync('python3', ['-c', `
import os, sys, zipfile
src, folder, out = sys.argv[1:]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr(folder + '/', '')
    for name in sorted(os.listdir(src)):
        z.write(os.path.join(src, name), folder + '/' + name)
`, dir, folder, out]);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'movielens-intake-'));
  fixtures = join(work, 'fixtures');
  mkdirSync(fixtures);
  // The ML-1M folder: dirty generated tables (rejects, failed
  // expectations), the generator's README and expected-lineage.json, and
  // the side files of other releases and of a Mac.
  const ml1m = join(work, 'ml-1m');
  cli('generate', '--out', ml1m, '--ratings', '30000', '--seed', '12', '--dirty');
  write(ml1m, {
    'README.txt': README,
    'links.csv': 'movieId,imdbId,tmdbId\n1,0114709,862\n',
    'tags.csv': 'userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n',
    'genome-tags.csv': 'tagId,tag\n1,007\n',
    '.DS_Store': DS_STORE,
  });
  // What the page must find, computed apart from it: the CLI's report of
  // the three tables alone, and the generator's own count of what it
  // dirtied.
  const tables = join(work, 'tables');
  mkdirSync(tables);
  for (const f of ['users.dat', 'movies.dat', 'ratings.dat']) copyFileSync(join(ml1m, f), join(tables, f));
  const report = JSON.parse(cli('report', tables, '--json', '-', '--quiet'));
  const truth = JSON.parse(readFileSync(join(ml1m, 'expected-lineage.json'), 'utf8'));
  const rejected = ['users', 'movies', 'ratings'].map((k) => truth[k].rejected_total).reduce((a, b) => a + b, 0);
  expected = {
    rejected,
    ratings: report.lineage.ratings.accepted,
    failed: report.expectations.filter((o) => !o.success).length,
    met: report.expectations.length,
  };
  assert.ok(expected.rejected > 0 && expected.failed > 0, 'the dirty set has rejects and failed expectations');

  // ML-100K: u.data tab-separated, u.user and u.item separated by `|`.
  write(join(work, 'ml-100k'), {
    README,
    'u.data': '196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n',
    'u.user': '1|24|M|technician|85711\n2|53|F|other|94043\n',
    'u.item': '1|Toy Story (1995)|01-Jan-1995||http://example.org/toy|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n',
    'u.info': '943 users\n1682 items\n100000 ratings\n',
    'u.genre': 'unknown|0\nAction|1\n',
  });
  // ML-10M-like: `::` ratings with half stars, movies.dat, tags.dat, no users.dat.
  const ml10m = {
    'ratings.dat': '1::122::5::838985046\n1::185::4.5::838983525\n1::231::3.5::838983392\n1::292::2.5::838983421\n',
    'movies.dat': '122::Boomerang (1992)::Comedy|Romance\n185::Net, The (1995)::Action|Crime|Thriller\n',
    'tags.dat': '15::4973::excellent!::1215184630\n20::1747::politics::1188263867\n',
  };
  for (const [name, text] of Object.entries(ml10m)) writeFileSync(join(fixtures, name), text);
  // ml-latest-small: CSV with headers.
  const latest = join(work, 'ml-latest-small');
  write(latest, {
    'README.txt': README,
    'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,964982703\n1,3,4.0,964981247\n',
    'movies.csv': 'movieId,title,genres\n1,Toy Story (1995),Adventure|Animation\n3,Grumpier Old Men (1995),Comedy\n',
    'links.csv': 'movieId,imdbId,tmdbId\n1,0114709,862\n',
    'tags.csv': 'userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n',
  });
  for (const f of ['ratings.csv', 'movies.csv', 'links.csv']) copyFileSync(join(latest, f), join(fixtures, f));
  // The generator's releases, as GroupLens ships them.
  cli('generate', '--release', 'ml-100k', '--zip-only', '--out', join(work, 'gen'));
  cli('generate', '--release', 'ml-latest-small', '--ratings', '20000', '--zip-only', '--out', join(work, 'gen'));
  zipOf(ml1m, 'ml-1m', join(work, 'ml-1m.zip'));
  opened = await openPage({ fixtures });
  page = opened.page;
});

after(() => closePage(opened, work));

/** Picks a folder with "Open folder…" and waits for its dashboard. */
async function pickFolder(p, dir) {
  const before = await seq(p);
  await p.setInputFiles('#folder', dir);
  await p.waitForFunction(() => document.body.dataset.source === 'files' || document.body.dataset.status === 'error');
  return dashboardAfter(p, before, 60000);
}

/** The checklist as text items, with where each leads. */
async function checklist(p) {
  return p.$$eval('#checklist li', (items) => items.map((li) => {
    const b = li.querySelector('[data-open-tab]');
    return {
      text: li.querySelector('button, span').textContent,
      tab: b?.dataset.openTab ?? null,
      focus: b?.dataset.focus ?? null,
      title: li.querySelector('button, span').title,
    };
  }));
}

async function profiled(p) {
  await p.waitForFunction(() => document.body.dataset.profiled === '1', null, { timeout: 30000 });
}

test('the pickers take every MovieLens file and a whole folder', async () => {
  // An accept list cannot say "no extension" (README, or u.data's
  // siblings): there is none.
  assert.equal(await page.getAttribute('#files', 'accept'), null);
  assert.equal(await page.getAttribute('#files', 'multiple'), '');
  assert.equal(await page.$eval('#folder', (i) => i.webkitdirectory), true);
  assert.equal(await page.textContent('#open-folder'), 'Open folder…');
  assert.equal(await page.isHidden('#checklist'), true, 'no checklist for the demo');
});

test('a picked folder with side files loads and says what it ignored', async () => {
  await pickFolder(page, join(work, 'ml-1m'));
  assert.equal(await page.evaluate(() => document.body.dataset.status), 'ready');
  assert.equal(n(await page.textContent('[data-kpi="ratings"] .value')), expected.ratings);
  const source = (await page.textContent('#source')).split(', ').sort();
  assert.deepEqual(source, ['movies.dat', 'ratings.dat', 'users.dat']);
  const items = await checklist(page);
  const ignored = items.find((i) => i.text.startsWith('ignored: '));
  assert.ok(ignored, JSON.stringify(items));
  assert.match(ignored.text, /^ignored: .+ \(not needed\)$/);
  assert.match(ignored.text, /\b3 more\b/, 'seven side files: four named, three counted');
  for (const side of SIDE) assert.ok(ignored.title.includes(`${side} (not needed)`), `${side} in ${ignored.title}`);
  assert.equal(ignored.tab, null);
  assert.ok(!items.some((i) => /README|links/.test(i.text) && i !== ignored));
});

test('the checklist says what was recognised, links to each place, and updates with the expectations', async () => {
  await profiled(page);
  const items = await checklist(page);
  const texts = items.map((i) => i.text);
  assert.deepEqual(texts.slice(0, 5), [
    '✓ users', '✓ movies', '✓ ratings', 'ML-1M', `${expected.rejected.toLocaleString('en-US')} rows rejected → review`,
  ]);
  assert.equal(texts[5], `${expected.failed} expectations failed → review`);
  const places = Object.fromEntries(items.filter((i) => i.tab).map((i) => [i.text, `${i.tab}#${i.focus}`]));
  assert.equal(places['✓ ratings'], 'quality#lineage-table');
  assert.equal(places['ML-1M'], 'profile#findings');
  assert.equal(places[texts[4]], 'quality#rejects-table');
  assert.equal(places[texts[5]], 'quality#expectations');
  for (const i of items.filter((i) => i.tab)) {
    assert.ok(await page.$(`#${i.focus}`), `#${i.focus} exists`);
    assert.ok(await page.$(`#${i.tab === 'profile' ? 'profile' : i.tab}-panel #${i.focus}`), `${i.focus} in its panel`);
  }
  // A click leads there (the tab bar opens the panel; the checklist
  // scrolls to the place in any case).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.click(`#checklist button[data-focus="rejects-table"]`);
  await page.waitForFunction(() => {
    const r = document.getElementById('rejects-table').getBoundingClientRect();
    return r.height > 0 && r.top < window.innerHeight && r.bottom > 0;
  }, null, { timeout: 5000 });
  // Keyboard: the items are buttons, reached with Tab and pressed with Enter.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus('#checklist button[data-focus="expectations"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => {
    const r = document.getElementById('expectations').getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  }, null, { timeout: 5000 });
  await page.screenshot({ path: join(ARTIFACTS, 'intake-checklist.png') });
});

/** Gives `what` (a function doing it) and expects a release message, the data shown before staying. */
async function refused(what, re) {
  const was = { kpis: await kpis(page), source: await page.textContent('#source'), checklist: await checklist(page) };
  const said = await page.textContent('#status');
  await what();
  await page.waitForFunction((said) => document.body.dataset.status === 'error'
    && document.getElementById('status').textContent !== said, said, { timeout: 30000 });
  const message = await page.textContent('#status');
  assert.match(message, re);
  assert.match(message, /a table it needs is missing: give all of its files, or the zip GroupLens ships/);
  assert.match(message, /The data shown before is still here\.$/);
  assert.deepEqual(
    { kpis: await kpis(page), source: await page.textContent('#source'), checklist: await checklist(page) }, was);
  return message;
}

/** Gives `what` and waits for the dashboard of what it loads, profiled. */
async function loads(what) {
  const before = await seq(page);
  await what();
  await page.waitForFunction(() => document.body.dataset.source === 'files' || document.body.dataset.status === 'error');
  assert.notEqual(await page.evaluate(() => document.body.dataset.status), 'error', await page.textContent('#status'));
  await dashboardAfter(page, before, 60000);
  await profiled(page);
  // The charts (and their tables) are drawn on the dashboard tab.
  await openTab(page, 'dashboard');
}

/** What the page shows of the data: ratings, the histogram's bars, the genres' chips shown, whether demographics are. */
async function shown(p) {
  return p.evaluate(() => {
    const num = (s) => Number(String(s).replace(/[^0-9]/g, ''));
    const rows = (id) => [...document.querySelectorAll(`#chart-${id} tr`)]
      .map((tr) => [...tr.children].map((c) => c.textContent)).filter((r) => r[0] && r[0] !== 'stars' && r[0] !== 'genre');
    const visible = (el) => el && !el.closest('[hidden]');
    return {
      ratings: num(document.querySelector('[data-kpi=ratings] .value').textContent),
      hist: Object.fromEntries(rows('histogram').map((r) => [r[0], num(r[1])])),
      // The filter controls may be folded away: a chip is shown unless hidden itself.
      genres: [...document.querySelectorAll('#f-genre .chip')].filter((b) => !b.hidden).map((b) => b.textContent),
      occupations: [...document.querySelectorAll('#f-occupation .chip')].map((b) => b.textContent),
      demographics: document.body.dataset.demographics,
      note: visible(document.getElementById('demographics-note')),
      cards: ['gender', 'age', 'occupation', 'genre-age', 'gender-gap']
        .map((id) => document.getElementById(`card-${id}`))
        .filter((c) => c).map((c) => visible(c)),
      genderControls: !document.getElementById('f-gender').closest('fieldset').hidden,
    };
  });
}

/** The CLI's report of `paths`: the numbers the page must show. */
function report(...paths) {
  return JSON.parse(cli('report', ...paths, '--json', '-', '--quiet', '--min-ratings', '10'));
}

test('the ML-100K zip GroupLens ships loads, with demographics, occupations by name and its splits ignored', async () => {
  const zip = join(work, 'gen', 'ml-100k.zip');
  const r = report(zip);
  assert.equal(r.release, 'ml-100k');
  await loads(() => page.setInputFiles('#files', zip));
  const s = await shown(page);
  assert.equal(s.ratings, r.summary.ratings);
  assert.deepEqual(s.hist, r.rating_histogram);
  assert.equal(s.demographics, 'yes');
  assert.equal(s.note, false);
  assert.deepEqual(s.cards, [true, true, true, true, true]);
  assert.ok(s.occupations.includes('programmer') && s.occupations.includes('administrator'), s.occupations.join());
  assert.ok(s.genres.includes("Children's") && !s.genres.includes('IMAX'), s.genres.join());
  const items = await checklist(page);
  assert.deepEqual(items.slice(0, 4).map((i) => i.text), ['✓ users', '✓ movies', '✓ ratings', 'ML-100K']);
  const ignored = items.find((i) => i.text.startsWith('ignored: '));
  for (const split of ['u1.base', 'u5.test', 'ua.base', 'ub.test']) {
    assert.ok(ignored.title.includes(`ml-100k/${split} (a split of u.data, whose ratings are read)`), ignored.title);
  }
  await page.screenshot({ path: join(ARTIFACTS, 'intake-ml-100k.png') });
});

test('an ml-latest-small zip loads in half stars, its demographics left out with a note', async () => {
  const zip = join(work, 'gen', 'ml-latest-small.zip');
  const r = report(zip);
  assert.equal(r.release, 'ml-latest-small');
  assert.equal(r.by_gender, undefined);
  await loads(() => page.setInputFiles('#files', zip));
  const s = await shown(page);
  assert.equal(s.ratings, r.summary.ratings);
  assert.deepEqual(s.hist, r.rating_histogram);
  assert.equal(Object.keys(s.hist).length, 10, 'ten bars, 0.5 to 5 stars');
  assert.equal(s.demographics, 'none');
  assert.equal(s.note, true);
  assert.deepEqual(s.cards, [false, false, false, false, false]);
  assert.equal(s.genderControls, false);
  assert.ok(s.genres.includes('Children') && s.genres.includes('IMAX'), s.genres.join());
  const items = await checklist(page);
  assert.deepEqual(items.slice(0, 3).map((i) => i.text), ['✓ movies', '✓ ratings', 'ml-latest-small']);
  await page.screenshot({ path: join(ARTIFACTS, 'intake-ml-latest-small.png') });
});

test('a gender filter set on ML-1M is dropped for a release without users, and the dashboard counts every rating', async () => {
  await pickFolder(page, join(work, 'ml-1m'));
  await page.evaluate(() => { location.hash = '#gender=F'; });
  await page.waitForFunction(() => document.querySelectorAll('#active .active-chip').length === 1);
  await loads(() => page.setInputFiles('#folder', join(work, 'ml-latest-small')));
  const s = await shown(page);
  assert.equal(s.ratings, report(join(work, 'ml-latest-small')).summary.ratings);
  assert.equal(await page.$$eval('#active .active-chip', (c) => c.length), 0);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /gender/);
});

test('ML-10M loose files and a CSV folder load; a release missing a table is named', async () => {
  await fetchFixtures(page, ['ratings.dat', 'movies.dat', 'tags.dat']);
  const before = await seq(page);
  await dropFixtures(page);
  await dashboardAfter(page, before, 60000);
  assert.equal((await shown(page)).ratings, 2, 'two of the four ratings name movies of movies.dat');
  assert.equal((await checklist(page))[2].text, 'ML-10M');
  await loads(() => page.setInputFiles('#folder', join(work, 'ml-latest-small')));
  await refused(() => page.setInputFiles('#files', join(work, 'ml-100k', 'u.data')),
    /This looks like MovieLens 100K \(u\.data/);
});

test('the ml-1m zip with its README and a .DS_Store loads with the same checklist', async () => {
  const before = await seq(page);
  await page.setInputFiles('#files', join(work, 'ml-1m.zip'));
  await dashboardAfter(page, before, 60000);
  await profiled(page);
  assert.equal(await page.textContent('#source'), 'ml-1m.zip');
  assert.equal(n(await page.textContent('[data-kpi="ratings"] .value')), expected.ratings);
  const items = await checklist(page);
  assert.deepEqual(items.slice(0, 4).map((i) => i.text), ['✓ users', '✓ movies', '✓ ratings', 'ML-1M']);
  assert.equal(items[5].text, `${expected.failed} expectations failed → review`);
  const ignored = items.find((i) => i.text.startsWith('ignored: '));
  for (const side of SIDE) assert.ok(ignored.title.includes(`ml-1m/${side} (not needed)`), `${side} in ${ignored.title}`);
});

test('at 390×844 the checklist wraps without horizontal scroll', async () => {
  const context = await opened.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const phone = await context.newPage();
  try {
    await phone.goto(opened.server.url);
    await dashboardAfter(phone, 0, 30000);
    await pickFolder(phone, join(work, 'ml-1m'));
    await profiled(phone);
    assert.equal(await phone.isVisible('#checklist'), true);
    const box = await phone.$eval('#checklist', (ul) => {
      const r = ul.getBoundingClientRect();
      const items = [...ul.children].map((li) => li.getBoundingClientRect());
      return {
        right: Math.max(r.right, ...items.map((i) => i.right)),
        left: Math.min(r.left, ...items.map((i) => i.left)),
        scroll: ul.scrollWidth - ul.clientWidth,
        width: window.innerWidth,
        rows: new Set(items.map((i) => Math.round(i.top))).size,
      };
    });
    assert.ok(box.left >= 0 && box.right <= box.width, JSON.stringify(box));
    assert.equal(box.scroll, 0);
    assert.ok(box.rows > 1, 'the items wrap onto several rows');
    // The statusbar, where the checklist is, does not widen the page.
    const statusbar = await phone.$eval('.statusbar', (s) => s.scrollWidth - s.clientWidth);
    assert.equal(statusbar, 0);
    await phone.screenshot({ path: join(ARTIFACTS, 'intake-phone.png') });
  } finally {
    await context.close();
  }
});
