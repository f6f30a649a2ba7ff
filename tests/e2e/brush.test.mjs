// End-to-end: brushing the month and release-year charts (a mouse drag,
// the keyboard), the top lists' minimum count, and taps on a phone. Every
// count is checked against one computed here from the fixture's own files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch, dashboardAfter, seq } from './browser.mjs';
import { DIST, ARTIFACTS, cli, n, giveFiles } from './helpers.mjs';

let server, browser, work, files;
/** From the fixture's files: per rating, its month key, movie and release year. */
let ratings;
const consoleErrors = [];

function monthKey(ts) {
  const d = new Date(ts * 1000);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-brush-'));
  const dir = join(work, 'data');
  cli('generate', '--out', dir, '--ratings', '60000', '--seed', '17');
  files = ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(dir, f));
  const years = new Map();
  for (const line of readFileSync(join(dir, 'movies.dat'), 'latin1').split('\n')) {
    const [id, title] = line.split('::');
    const m = title && /\((\d{4})\)\s*$/.exec(title);
    if (m) years.set(Number(id), Number(m[1]));
  }
  ratings = readFileSync(join(dir, 'ratings.dat'), 'latin1').split('\n').filter(Boolean).map((line) => {
    const [, movie, , ts] = line.split('::').map(Number);
    return { month: monthKey(ts), movie, year: years.get(movie) };
  });
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  assert.deepEqual(consoleErrors, []);
});

async function open(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await page.goto(server.url);
  await dashboardAfter(page, 0, 30000);
  await giveFiles(page, files);
  return { context, page };
}

const kpiRatings = async (page) => n(await page.textContent('[data-kpi="ratings"] .value'));
const brushed = (page, key) => page.evaluate((key) => document.body.dataset[key] || '', key);

/** A chart's hit map, axis and CSS scale, read off its canvas. */
async function chart(page, id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    const r = c.getBoundingClientRect();
    return {
      hits: JSON.parse(c.dataset.hits), axis: JSON.parse(c.dataset.axis),
      left: r.left, top: r.top, sx: r.width / c.width, sy: r.height / c.height,
    };
  }, id);
}

/** The viewport point of canvas pixel (x, y). */
const at = (ch, x, y) => ({ x: ch.left + x * ch.sx, y: ch.top + y * ch.sy });

/** The centre of unit `u`'s slot on a brushable axis, in canvas pixels (as Axis::slot). */
function slotCentre(axis, u) {
  const units = axis.last - axis.first + 1;
  const width = axis.x1_px - axis.x0_px;
  const i = u - axis.first;
  return (axis.x0_px + Math.floor(width * i / units) + axis.x0_px + Math.floor(width * (i + 1) / units)) / 2;
}

/** Drags with the mouse from canvas pixel a to b (same height), checking the selection rectangle on the way. */
async function drag(page, id, ch, xa, xb) {
  const y = (ch.axis.y0_px + ch.axis.y1_px) / 2;
  const from = at(ch, xa, y);
  const to = at(ch, xb, y);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, to.y, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  // While dragging, a translucent rectangle spans the drag.
  const rect = await page.evaluate((id) => {
    const b = document.getElementById(id).parentElement.querySelector('.brush');
    if (!b || b.hidden) return null;
    const r = b.getBoundingClientRect();
    return { left: r.left, right: r.right, bg: getComputedStyle(b).backgroundColor };
  }, id);
  assert.ok(rect, 'a selection rectangle shows while dragging');
  assert.ok(Math.abs(rect.left - Math.min(from.x, to.x)) <= 2 && Math.abs(rect.right - Math.max(from.x, to.x)) <= 2,
    `rectangle ${JSON.stringify(rect)} follows the drag ${from.x}→${to.x}`);
  assert.match(rect.bg, /rgba|color\(|oklab|transparent|\/ 0\./, `translucent: ${rect.bg}`);
  const before = await seq(page);
  await page.mouse.up();
  await dashboardAfter(page, before);
  assert.equal(await page.evaluate((id) => document.getElementById(id).parentElement.querySelector('.brush').hidden, id), true);
}

const countMonths = (lo, hi) => ratings.filter((r) => r.month >= lo && r.month <= hi).length;

test('dragging across the month chart filters to the months covered', async () => {
  const { context, page } = await open({ viewport: { width: 1400, height: 1000 } });
  const total = await kpiRatings(page);
  assert.equal(total, ratings.length);
  await page.locator('#chart-months').scrollIntoViewIfNeeded();
  const ch = await chart(page, 'chart-months');
  const months = ch.hits.filter((h) => h.key && h.key.Month);
  assert.equal(months.length, ch.axis.last - ch.axis.first + 1);
  const keys = months.map((h) => monthKey(h.key.Month.from));
  // From the middle of the 8th month back to the middle of the 3rd.
  const [i, j] = [2, 7];
  const mid = (h) => (h.x0 + h.x1) / 2;
  await drag(page, 'chart-months', ch, mid(months[j]), mid(months[i]));
  assert.equal(await brushed(page, 'brushMonths'), `${keys[i]}..${keys[j]}`);
  const expected = countMonths(keys[i], keys[j]);
  assert.ok(expected > 0 && expected < total);
  assert.equal(await kpiRatings(page), expected);
  assert.match(await page.textContent('#active'), new RegExp(`${keys[i]}.*${keys[j]}`));
  assert.match(await page.textContent('#brush-months'), new RegExp(`${keys[i]} to ${keys[j]} \\(6 months\\)`));
  // The range stays drawn as a band: the chart's pixels between two bars
  // inside the range differ from those outside it.
  const band = await page.evaluate(([a, b, y]) => {
    const c = document.getElementById('chart-months');
    const px = (x) => [...c.getContext('2d').getImageData(Math.round(x), Math.round(y), 1, 1).data].join(',');
    return [px(a), px(b)];
  }, [months[i + 1].x1 - 1, months[j + 2].x1 - 1, ch.axis.y0_px + 3]);
  assert.notEqual(band[0], band[1], 'a band marks the selected months');
  await page.locator('#card-months').screenshot({ path: join(ARTIFACTS, 'brush-months-1400.png') });

  // Keyboard: focus moves onto the chart with Tab (a visible ring), Shift+→
  // grows the range, Shift+← shrinks it, Escape clears it.
  await page.focus('#card-months .png');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'chart-months');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(ring, 'solid');
  for (const [key, lo, hi] of [
    ['Shift+ArrowRight', i, j + 1], ['Shift+ArrowRight', i, j + 2], ['Shift+ArrowLeft', i, j + 1],
    ['ArrowRight', i + 1, j + 2],
  ]) {
    const before = await seq(page);
    await page.keyboard.press(key);
    await dashboardAfter(page, before);
    assert.equal(await brushed(page, 'brushMonths'), `${keys[lo]}..${keys[hi]}`, key);
    assert.equal(await kpiRatings(page), countMonths(keys[lo], keys[hi]), key);
    assert.match(await page.textContent('#brush-months'), new RegExp(`${keys[lo]} to ${keys[hi]}`));
  }
  const before = await seq(page);
  await page.keyboard.press('Escape');
  await dashboardAfter(page, before);
  assert.equal(await brushed(page, 'brushMonths'), '');
  assert.equal(await kpiRatings(page), total);

  // A click without a drag still filters by the one month.
  const one = await seq(page);
  const p = at(ch, mid(months[4]), (ch.axis.y0_px + ch.axis.y1_px) / 2);
  await page.mouse.click(p.x, p.y);
  await dashboardAfter(page, one);
  assert.equal(await brushed(page, 'brushMonths'), `${keys[4]}..${keys[4]}`);
  assert.equal(await kpiRatings(page), countMonths(keys[4], keys[4]));
  await context.close();
});

test('dragging across the release-year chart filters to the years covered', async () => {
  const { context, page } = await open({ viewport: { width: 1400, height: 1000 } });
  await page.locator('#chart-years').scrollIntoViewIfNeeded();
  const ch = await chart(page, 'chart-years');
  assert.ok(ch.axis && ch.axis.unit === 'Year', JSON.stringify(ch.axis));
  const [lo, hi] = [ch.axis.last - 12, ch.axis.last - 3];
  await drag(page, 'chart-years', ch, slotCentre(ch.axis, lo), slotCentre(ch.axis, hi));
  assert.equal(await brushed(page, 'brushYears'), `${lo}..${hi}`);
  const expected = ratings.filter((r) => r.year >= lo && r.year <= hi).length;
  assert.ok(expected > 0);
  assert.equal(await kpiRatings(page), expected);
  assert.match(await page.textContent('#active'), new RegExp(`${lo}.{1,4}${hi}`));
  // Shift+← on the focused chart shrinks it by a year.
  await page.focus('#chart-years');
  const before = await seq(page);
  await page.keyboard.press('Shift+ArrowLeft');
  await dashboardAfter(page, before);
  assert.equal(await brushed(page, 'brushYears'), `${lo}..${hi - 1}`);
  assert.equal(await kpiRatings(page), ratings.filter((r) => r.year >= lo && r.year <= hi - 1).length);
  await page.locator('#card-years').screenshot({ path: join(ARTIFACTS, 'brush-years-1400.png') });
  await context.close();
});

test('the top lists control changes the best-rated list', async () => {
  const { context, page } = await open({ viewport: { width: 1400, height: 1000 } });
  const perMovie = new Map();
  for (const r of ratings) perMovie.set(r.movie, (perMovie.get(r.movie) || 0) + 1);
  const counts = [...perMovie.values()].sort((a, b) => b - a);
  // Only the 8 most rated movies (and ties) have this many.
  const min = counts[7];
  const eligible = [...perMovie].filter(([, c]) => c >= min).map(([m]) => m);
  const movies = async () => (await chart(page, 'chart-top-damped')).hits
    .filter((h) => h.key && h.key.Movie).map((h) => h.key.Movie);
  const tips = async () => (await chart(page, 'chart-top-damped')).hits.map((h) => h.tip);
  // The controls start folded in the filter bar: unfold them as a person does.
  if (await page.getAttribute('#filters-toggle', 'aria-expanded') !== 'true') {
    await page.click('#filters-toggle');
  }
  for (const value of [1, min]) {
    const before = await seq(page);
    await page.fill('#f-top', String(value));
    await page.press('#f-top', 'Enter');
    await page.locator('#f-top').blur();
    await dashboardAfter(page, before);
    const listed = await movies();
    assert.ok(listed.length > 0);
    for (const tip of await tips()) {
      const got = n(/: ([\d,]+) ratings?/.exec(tip)[1]);
      assert.ok(got >= value, `${tip} has fewer than ${value} ratings`);
    }
    if (value === min) {
      if (eligible.length <= 10) assert.deepEqual([...listed].sort(), [...eligible].sort());
      else assert.ok(listed.every((m) => eligible.includes(m)));
    } else {
      // With no minimum, movies with few ratings make the list.
      assert.ok(listed.some((m) => !eligible.includes(m)));
    }
  }
  await context.close();
});

test('on a phone a tap shows the tooltip, a second tap filters; a drag still brushes', async () => {
  const { context, page } = await open({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.locator('#chart-genres').scrollIntoViewIfNeeded();
  const ch = await chart(page, 'chart-genres');
  const drama = ch.hits.find((h) => h.key && h.key.Genre === 7);
  const p = at(ch, (drama.x0 + drama.x1) / 2, (drama.y0 + drama.y1) / 2);
  const before = await seq(page);
  const total = await kpiRatings(page);
  await page.touchscreen.tap(p.x, p.y);
  await page.waitForFunction(() => !document.getElementById('tooltip').hidden);
  assert.match(await page.textContent('#tooltip'), /^Drama: /);
  // Nothing filtered: no new dashboard, no active filter.
  await page.waitForTimeout(400);
  assert.equal(await seq(page), before);
  assert.equal(await kpiRatings(page), total);
  assert.equal(await page.getAttribute('button.chip[data-dim="genre"][data-key="7"]', 'aria-pressed'), 'false');
  await page.screenshot({ path: join(ARTIFACTS, 'brush-tap-390.png') });
  await page.touchscreen.tap(p.x, p.y);
  await dashboardAfter(page, before);
  assert.equal(await page.getAttribute('button.chip[data-dim="genre"][data-key="7"]', 'aria-pressed'), 'true');
  assert.ok(await kpiRatings(page) < total);
  // The tooltip was for the first tap only.
  assert.equal(await page.evaluate(() => document.getElementById('tooltip').hidden), true);

  // The month chart brushes at phone width too.
  await page.locator('#chart-months').scrollIntoViewIfNeeded();
  const months = await chart(page, 'chart-months');
  const [lo, hi] = [months.axis.first + 1, months.axis.first + 3];
  await drag(page, 'chart-months', months, slotCentre(months.axis, lo), slotCentre(months.axis, hi));
  const keys = [lo, hi].map((u) => `${Math.floor(u / 12) + 1970}-${String((u % 12) + 1).padStart(2, '0')}`);
  assert.equal(await brushed(page, 'brushMonths'), `${keys[0]}..${keys[1]}`);
  await page.locator('#card-months').screenshot({ path: join(ARTIFACTS, 'brush-months-390.png') });
  await context.close();
});
