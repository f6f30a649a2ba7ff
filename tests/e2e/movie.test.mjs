// End-to-end: the movie view. A generated dataset with hand-written movies
// appended in Latin-1 bytes ("Matrix, The (1999)", "Amélie (…, Le) (2001)",
// "Haine, La (1995)"); found by typing as a person types, keyboard only;
// opened from the most-rated chart; its numbers checked against a
// computation from the files here; the dashboard filtered to it; and the
// view at a phone's size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { ARTIFACTS, DIST, cli, dashboardAfter, giveFiles, n, seq } from './helpers.mjs';

const MATRIX = 9101;
const AMELIE = 9102;
const HAINE = 9103;
let server, browser, work, files, oracle;

/**
 * Ratings of the appended movies, by users of users.dat: The Matrix by
 * everyone (the most rated), Amélie by a third of them, La Haine by a few;
 * stars and times from a pattern.
 */
function extraRatings(users) {
  let out = '';
  users.forEach((u, i) => {
    out += `${u}::${MATRIX}::${1 + ((i * 7) % 5)}::${978300760 + i * 25301}\n`;
    if (i % 3 === 0) out += `${u}::${AMELIE}::${1 + ((i * 3) % 5)}::${980000000 + i * 17011}\n`;
    if (i % 40 === 1) out += `${u}::${HAINE}::${1 + (i % 5)}::${990000000 + i * 3001}\n`;
  });
  return out;
}

/** What the page must show, computed from the files (the latest rating of a (user, movie) pair wins). */
function computeOracle(dir) {
  const latest = new Map();
  for (const line of readFileSync(join(dir, 'ratings.dat'), 'latin1').split('\n')) {
    const f = line.split('::');
    if (f.length !== 4) continue;
    const [u, m, s, t] = f.map(Number);
    const key = `${u}:${m}`;
    const old = latest.get(key);
    if (!old || old.t <= t) latest.set(key, { u, m, s, t });
  }
  const all = [...latest.values()];
  const sum = all.reduce((a, r) => a + r.s, 0);
  const overall = sum / all.length;
  const movie = (id) => {
    const mine = all.filter((r) => r.m === id);
    const hist = [0, 0, 0, 0, 0];
    for (const r of mine) hist[r.s - 1]++;
    const msum = mine.reduce((a, r) => a + r.s, 0);
    const raters = new Set(mine.map((r) => r.u));
    const both = new Map();
    for (const r of all) if (r.m !== id && raters.has(r.u)) both.set(r.m, (both.get(r.m) || 0) + 1);
    const top = Math.max(...both.values());
    return {
      count: mine.length, hist, mean: msum / mine.length,
      damped: (msum + 25 * overall) / (mine.length + 25), both, top,
    };
  };
  return { [MATRIX]: movie(MATRIX), [AMELIE]: movie(AMELIE) };
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-movie-'));
  const dir = join(work, 'data');
  cli('generate', '--out', dir, '--ratings', '150000', '--seed', '12');
  const users = readFileSync(join(dir, 'users.dat'), 'latin1').split('\n')
    .filter((l) => l.includes('::')).map((l) => Number(l.split('::')[0]));
  assert.ok(users.length > 500, `${users.length} users`);
  // Titles in Latin-1 bytes, as ML-1M's movies.dat writes them.
  appendFileSync(join(dir, 'movies.dat'), Buffer.from(
    `${MATRIX}::Matrix, The (1999)::Action|Sci-Fi|Thriller\n` +
    `${AMELIE}::Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)::Comedy|Romance\n` +
    `${HAINE}::Haine, La (1995)::Drama\n`, 'latin1'));
  appendFileSync(join(dir, 'ratings.dat'), extraRatings(users));
  files = ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(dir, f));
  oracle = computeOracle(dir);
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await dashboardAfter(page, 0, 30000);
  await giveFiles(page, files);
  return { page, errors };
}

/** Presses Tab until the search box has the focus (keyboard only). */
async function tabToSearch(page) {
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id === 'movie-search')) return;
  }
  assert.fail('Tab never reached the movie search');
}

/** Types a query and waits for the listbox to offer matches; returns their ids. */
async function typeQuery(page, text) {
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.waitForFunction((t) => {
    const list = document.getElementById('movie-options');
    const first = list.querySelector('[data-movie]');
    return !list.hidden && first && document.getElementById('movie-search').value === t;
  }, text);
  // The newest answer: wait until the options stop changing.
  await page.waitForTimeout(150);
  return page.$$eval('#movie-options [data-movie]', (os) => os.map((o) => Number(o.dataset.movie)));
}

async function viewReady(page, id) {
  await page.waitForFunction((id) => document.getElementById('movie-view').dataset.ready === String(id), id);
}

/** The numbers the open view shows. */
async function shown(page) {
  return page.evaluate(() => ({
    title: document.getElementById('movie-title').textContent,
    ratings: document.querySelector('[data-stat=ratings]').textContent,
    mean: document.querySelector('[data-stat=mean]').textContent,
    damped: document.querySelector('[data-stat=damped]').textContent,
    hist: [1, 2, 3, 4, 5].map((s) => Number(document.querySelector(`#movie-histogram [data-stars="${s}"]`).dataset.count)),
    similar: [...document.querySelectorAll('#movie-similar li')].map((li) => ({
      id: Number(li.querySelector('[data-movie]').dataset.movie), both: Number(li.dataset.both),
    })),
    scope: document.querySelector('.movie-scope').textContent,
    months: [...document.querySelectorAll('#movie-months [data-count]')].reduce((a, e) => a + Number(e.dataset.count), 0),
    who: [...document.querySelectorAll('.movie-who td')].reduce((a, e) => a + Number(e.dataset.count), 0),
  }));
}

function checkAgainstFiles(got, want, what) {
  assert.equal(n(got.ratings), want.count, `${what}: ratings`);
  assert.deepEqual(got.hist, want.hist, `${what}: histogram`);
  assert.equal(got.mean, want.mean.toFixed(3), `${what}: mean`);
  assert.equal(got.damped, want.damped.toFixed(3), `${what}: damped mean`);
  assert.equal(got.months, want.count, `${what}: ratings per month add up`);
  assert.equal(got.who, want.count, `${what}: gender × age adds up`);
  assert.ok(got.similar.length > 0, `${what}: similar movies listed`);
  assert.equal(got.similar[0].both, want.top, `${what}: the top similar movie's co-ratings`);
  assert.equal(want.both.get(got.similar[0].id), want.top, `${what}: the top similar movie is one with the most`);
  for (const s of got.similar) assert.equal(s.both, want.both.get(s.id), `${what}: co-ratings of ${s.id}`);
}

test('search, keyboard only: accents and moved articles; the detail matches the files', async () => {
  const { page, errors } = await open({ width: 1400, height: 1000 });
  await tabToSearch(page);
  assert.equal(await page.getAttribute('#movie-search', 'role'), 'combobox');
  const ids = await typeQuery(page, 'the matrix');
  assert.equal(ids[0], MATRIX);
  assert.equal((await typeQuery(page, 'matrix'))[0], MATRIX);
  assert.equal((await typeQuery(page, 'la haine'))[0], HAINE);
  assert.equal((await typeQuery(page, 'haine'))[0], HAINE);
  await typeQuery(page, 'the matrix');
  assert.equal(await page.getAttribute('#movie-search', 'aria-expanded'), 'true');
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#movie-search', 'aria-activedescendant');
  assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
  assert.equal(await page.getAttribute(`#${active}`, 'data-movie'), String(MATRIX));
  await page.keyboard.press('Enter');
  await viewReady(page, MATRIX);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'movie-title');
  const matrix = await shown(page);
  assert.equal(matrix.title, 'The Matrix (1999)');
  assert.match(matrix.scope, /every rating/);
  checkAgainstFiles(matrix, oracle[MATRIX], 'The Matrix');
  // Escape closes; the focus is back in the search box.
  await page.keyboard.press('Escape');
  assert.equal(await page.isHidden('#movie-view'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'movie-search');
  // "amelie" finds "Amélie" (Latin-1 bytes in the file); Enter takes the first.
  const amelie = await typeQuery(page, 'amelie');
  assert.equal(amelie[0], AMELIE);
  await page.keyboard.press('Enter');
  await viewReady(page, AMELIE);
  const a = await shown(page);
  assert.equal(a.title, "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
  checkAgainstFiles(a, oracle[AMELIE], 'Amélie');
  assert.equal(a.similar[0].id, MATRIX, 'everyone who rated Amélie rated The Matrix');
  // Tab to the first similar movie, Enter opens it in the same view.
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.closest('#movie-similar') !== null)) break;
  }
  await page.keyboard.press('Enter');
  await viewReady(page, MATRIX);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'movie-search');
  await page.screenshot({ path: join(ARTIFACTS, 'movie-search.png') });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('a bar of the most-rated chart opens the movie; filtering to it makes the KPIs its own', async () => {
  const { page, errors } = await open({ width: 1400, height: 1000 });
  // The bar's centre in CSS pixels of the canvas, from its hit map.
  const point = await page.evaluate((id) => {
    const c = document.getElementById('chart-top-count');
    const h = JSON.parse(c.dataset.hits).find((h) => h.key && h.key.Movie === id);
    if (!h) return null;
    const r = c.getBoundingClientRect();
    return { x: ((h.x0 + h.x1) / 2) * r.width / c.width, y: ((h.y0 + h.y1) / 2) * r.height / c.height };
  }, MATRIX);
  assert.ok(point, 'The Matrix is in the most-rated chart');
  await page.click('#chart-top-count', { position: point });
  await viewReady(page, MATRIX);
  checkAgainstFiles(await shown(page), oracle[MATRIX], 'The Matrix from the chart');
  await page.screenshot({ path: join(ARTIFACTS, 'movie-view.png') });
  // Filter the dashboard to it.
  const before = await seq(page);
  await page.click('#movie-filter');
  await dashboardAfter(page, before);
  const kpi = await page.textContent('[data-kpi="ratings"] .value');
  assert.equal(n(kpi), oracle[MATRIX].count);
  assert.match(page.url(), /movie=9101/);
  assert.match(await page.textContent('#active'), /movie: The Matrix \(1999\)/);
  // The view says what it counts and offers to undo.
  await viewReady(page, MATRIX);
  assert.match(await page.textContent('#movie-filter'), /Stop filtering/);
  assert.equal(n((await shown(page)).ratings), oracle[MATRIX].count);
  // The most-rated chart ignores the movie filter (crossfilter): other movies stay.
  const listed = await page.evaluate(() => JSON.parse(document.getElementById('chart-top-count').dataset.hits)
    .filter((h) => h.key && h.key.Movie).length);
  assert.ok(listed > 1, `the most-rated chart lists ${listed} movies`);
  // Any element with data-movie opens its movie (the shared contract).
  await page.evaluate((id) => {
    const b = document.createElement('button');
    b.dataset.movie = String(id);
    b.id = 'probe';
    b.textContent = 'probe';
    document.querySelector('main').prepend(b);
  }, AMELIE);
  await page.click('#probe');
  await viewReady(page, AMELIE);
  await page.click('#movie-close');
  assert.equal(await page.isHidden('#movie-view'), true);
  // The chip's ✕ removes the movie filter.
  const b2 = await seq(page);
  await page.click('#active [data-remove="movie"]');
  await dashboardAfter(page, b2);
  assert.doesNotMatch(page.url(), /movie=/);
  assert.notEqual(n(await page.textContent('[data-kpi="ratings"] .value')), oracle[MATRIX].count);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('on a phone the movie view covers the screen without horizontal scroll', async () => {
  const { page, errors } = await open({ width: 390, height: 844 });
  await tabToSearch(page);
  await typeQuery(page, 'amelie');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await viewReady(page, AMELIE);
  const box = await page.evaluate(() => {
    const r = document.getElementById('movie-view').getBoundingClientRect();
    return { x: r.x, y: r.y, w: r.width, h: r.height, scroll: document.documentElement.scrollWidth, inner: window.innerWidth };
  });
  assert.equal(box.x, 0);
  assert.equal(box.y, 0);
  assert.ok(box.w >= 389 && box.w <= 390, `the view is ${box.w}px wide`);
  assert.ok(box.h >= 843, `the view is ${box.h}px high`);
  assert.ok(box.scroll <= box.inner, `the page scrolls sideways: ${box.scroll} > ${box.inner}`);
  // Nothing inside the view is wider than it.
  const wide = await page.evaluate(() => [...document.querySelectorAll('#movie-view *')]
    .filter((e) => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
    .map((e) => e.tagName + '.' + e.className));
  assert.deepEqual(wide, []);
  await page.screenshot({ path: join(ARTIFACTS, 'movie-phone.png') });
  await page.keyboard.press('Escape');
  assert.equal(await page.isHidden('#movie-view'), true);
  assert.deepEqual(errors, []);
  await page.context().close();
});
