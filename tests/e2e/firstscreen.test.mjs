// End-to-end: the first screen (issue 12, points 2, 3, 4 and the phone
// layout). Tabs that are tabs, by mouse and by keyboard; the KPIs and two
// charts on the first screen of the demo and of files; the filter bar that
// follows the dashboard, with its count, Clear all and Copy link; readable
// links, old links; no sideways scrolling on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';
import { DIST, ARTIFACTS, cli, n, giveFiles, dashboardAfter, seq, openTab, clickChip } from './helpers.mjs';

let server, browser, work, files;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'movielens-firstscreen-'));
  cli('generate', '--out', join(work, 'gen'), '--ratings', '80000', '--seed', '12');
  files = ['users.dat', 'movies.dat', 'ratings.dat'].map((f) => join(work, 'gen', f));
  server = await serve(DIST);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A page at this size and colour scheme, its first dashboard drawn. */
async function open({ width = 1400, height = 1000, colorScheme = 'light', hash = '', clipboard = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const page = await context.newPage();
  await page.goto(server.url + hash);
  await dashboardAfter(page, 0, 30000);
  return { context, page };
}

/** What of the tabs a person sees: the selected tab, the focused element, the panels shown. */
async function tabs(page) {
  return page.evaluate(() => ({
    selected: [...document.querySelectorAll('[role=tab][aria-selected=true]')].map((t) => t.id),
    tabbable: [...document.querySelectorAll('[role=tab]')].filter((t) => t.tabIndex === 0).map((t) => t.id),
    focused: document.activeElement.id,
    shown: [...document.querySelectorAll('[role=tabpanel]')]
      .filter((p) => p.getBoundingClientRect().height > 0).map((p) => p.id),
    hash: location.hash,
  }));
}

async function expectTab(page, name, panel) {
  const t = await tabs(page);
  assert.deepEqual(t.selected, [`tab-${name}`]);
  assert.deepEqual(t.tabbable, [`tab-${name}`], 'roving tabindex');
  assert.deepEqual(t.shown, [panel], 'one panel shown');
  assert.equal(await page.getAttribute(`#tab-${name}`, 'aria-controls'), panel);
  if (name === 'dashboard') assert.doesNotMatch(t.hash, /tab=/);
  else assert.match(t.hash, new RegExp(`tab=${name}`));
  return t;
}

/** Whether the element lies wholly inside the viewport, unscrolled. */
async function inViewport(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
      && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  });
}

/** The charts wholly inside the viewport. */
async function chartsInView(page) {
  return page.$$eval('#charts canvas', (cs) => cs.filter((c) => {
    const r = c.getBoundingClientRect();
    return r.width > 100 && r.height > 100 && r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
  }).map((c) => c.id));
}

/** Share of a canvas' pixels that differ from its corner (its background). */
async function inked(page, id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    if (c.width < 10 || c.height < 10) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 30) ink++;
    }
    return ink / (d.length / 4);
  }, id);
}

/** The chart grid's rows: for each, the cards' widths and heights, and the grid's width. */
async function gridRows(page) {
  return page.evaluate(() => {
    const grid = document.getElementById('charts');
    const rows = new Map();
    for (const card of grid.children) {
      const r = card.getBoundingClientRect();
      const key = Math.round(r.top);
      if (!rows.has(key)) rows.set(key, []);
      rows.get(key).push({ id: card.id, width: r.width, height: r.height });
    }
    const gap = parseFloat(getComputedStyle(grid).columnGap) || 0;
    return { width: grid.getBoundingClientRect().width, gap, rows: [...rows.values()] };
  });
}

function noHalfEmptyRows({ width, gap, rows }, what) {
  const cards = rows.flat().length;
  assert.equal(cards, 14, `${what}: 14 charts`);
  for (const row of rows) {
    const filled = row.reduce((s, c) => s + c.width, 0) + gap * (row.length - 1);
    assert.ok(Math.abs(filled - width) < 2, `${what}: the row ${row.map((c) => c.id)} fills ${filled} of ${width}px`);
    const heights = row.map((c) => Math.round(c.height));
    assert.ok(Math.max(...heights) - Math.min(...heights) <= 1, `${what}: the row ${row.map((c) => c.id)} has heights ${heights}`);
  }
}

/** Where a chart's bar of `key` is, in CSS pixels of the canvas, from its own hit map. */
async function barPoint(page, chart, match) {
  return page.evaluate(([chart, match]) => {
    const c = document.getElementById(chart);
    const h = JSON.parse(c.dataset.hits).find((h) => h.key && JSON.stringify(h.key) === match);
    const r = c.getBoundingClientRect();
    return { x: ((h.x0 + h.x1) / 2) * r.width / c.width, y: ((h.y0 + h.y1) / 2) * r.height / c.height };
  }, [chart, JSON.stringify(match)]);
}

const kpi = (page) => page.textContent('[data-kpi="ratings"] .value');
const count = (page) => page.textContent('#count');

test('tabs by keyboard: arrows, Home and End select, Tab enters the panel; the tab is in the URL', async () => {
  const { context, page } = await open();
  try {
    await expectTab(page, 'dashboard', 'dashboard-panel');
    // Keyboard only: Tab from the top of the page reaches the tab bar.
    for (let i = 0; i < 15 && (await tabs(page)).focused !== 'tab-dashboard'; i++) await page.keyboard.press('Tab');
    assert.equal((await tabs(page)).focused, 'tab-dashboard');
    await page.keyboard.press('ArrowRight');
    assert.equal((await expectTab(page, 'quality', 'quality-panel')).focused, 'tab-quality');
    // The lineage chart was drawn when its panel showed (a hidden canvas has no size).
    assert.ok(await inked(page, 'chart-lineage') > 0.01, 'the lineage chart is drawn');
    await page.keyboard.press('End');
    assert.equal((await expectTab(page, 'export', 'exports-panel')).focused, 'tab-export');
    await page.keyboard.press('ArrowRight');
    assert.equal((await expectTab(page, 'dashboard', 'dashboard-panel')).focused, 'tab-dashboard');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await expectTab(page, 'profile', 'profile-panel')).focused, 'tab-profile');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.equal((await expectTab(page, 'profile', 'profile-panel')).focused, 'tab-profile');
    // Tab leaves the tab bar for the panel.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.closest('#profile-panel') !== null), 'focus is in the panel');
    // The tab is restored on reload.
    await page.reload();
    await dashboardAfter(page, 0, 30000);
    await expectTab(page, 'profile', 'profile-panel');
    // Home from the restored tab.
    await page.focus('#tab-profile');
    await page.keyboard.press('Home');
    await expectTab(page, 'dashboard', 'dashboard-panel');
    // Charts drawn while their panel was hidden are drawn at their size when it shows.
    const sized = await page.$$eval('#charts canvas', (cs) => cs.every((c) => {
      const r = c.getBoundingClientRect();
      return Math.abs(c.width - Math.round(r.width * devicePixelRatio)) <= 1 && r.width > 100;
    }));
    assert.ok(sized, 'every chart is drawn at its size');
    assert.ok(await inked(page, 'chart-histogram') > 0.01, 'the histogram is drawn');
  } finally {
    await context.close();
  }
});

test('tabs by mouse, and any data-open-tab element opens its tab and focuses its target', async () => {
  const { context, page } = await open({ hash: '#tab=export' });
  try {
    await expectTab(page, 'export', 'exports-panel');
    await page.click('#tab-quality');
    await expectTab(page, 'quality', 'quality-panel');
    await page.click('#tab-dashboard');
    await expectTab(page, 'dashboard', 'dashboard-panel');
    // The shared contract: an element elsewhere that opens a tab and focuses a target in it.
    // (Once the profile and expectations are in: they fill the panel above the target.)
    await page.waitForFunction(() => document.body.dataset.profiled === '1');
    await page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'probe';
      b.dataset.openTab = 'quality';
      b.dataset.focus = 'rejects-count';
      b.textContent = 'review the rejects';
      document.getElementById('kpis').before(b);
    });
    await page.click('#probe');
    const t = await expectTab(page, 'quality', 'quality-panel');
    assert.equal(t.focused, 'rejects-count');
    // In view once the panel's layout settles (its canvases are redrawn as it shows).
    await page.waitForFunction(() => {
      const r = document.getElementById('rejects-count').getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    }, null, { timeout: 3000 }).catch(() => {});
    assert.ok(await inViewport(page, '#rejects-count'), 'scrolled to the target');
    // Back and forward in the URL: an edited hash opens its tab.
    await page.evaluate(() => { location.hash = 'tab=profile'; });
    await page.waitForFunction(() => document.getElementById('tab-profile').getAttribute('aria-selected') === 'true');
    await expectTab(page, 'profile', 'profile-panel');
  } finally {
    await context.close();
  }
});

test('the first screen at 1400×1000 shows the KPIs and two charts, on the demo and after files', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open({ colorScheme });
    try {
      // The filters start folded; the demo is announced once.
      assert.equal(await page.isHidden('#filter-controls'), true);
      assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'false');
      const said = await page.evaluate(() => document.querySelector('.statusbar').innerText);
      assert.equal((said.match(/demo/gi) || []).length, 1, `the status bar says: ${said}`);
      assert.ok(await inViewport(page, '#kpis'), 'the KPIs are on the first screen');
      assert.ok(await inViewport(page, '#filterbar'), 'the filter bar is on the first screen');
      const demo = await chartsInView(page);
      assert.ok(demo.length >= 2, `charts on the first screen of the demo: ${demo}`);
      for (const id of demo) assert.ok(await inked(page, id) > 0.01, `${id} is drawn`);
      noHalfEmptyRows(await gridRows(page), '1400px');
      await page.screenshot({ path: join(ARTIFACTS, `firstscreen-1400-${colorScheme}.png`) });
      if (colorScheme === 'light') {
        await giveFiles(page, files);
        assert.equal(await page.evaluate(() => window.scrollY), 0);
        assert.ok(await inViewport(page, '#kpis'), 'the KPIs after files');
        const after = await chartsInView(page);
        assert.ok(after.length >= 2, `charts on the first screen after files: ${after}`);
        assert.doesNotMatch(await page.evaluate(() => document.querySelector('.statusbar').innerText), /demo/i);
        await page.screenshot({ path: join(ARTIFACTS, 'firstscreen-1400-files.png') });
      }
    } finally {
      await context.close();
    }
  }
});

test('the filter bar follows the dashboard and counts what passes; Clear all', async () => {
  const { context, page } = await open();
  try {
    const total = await kpi(page);
    assert.equal(n(total), 1000209);
    // The unfiltered total is the dataset's accepted ratings.
    assert.equal(n((await page.$$eval('#lineage-table tr[data-file="ratings"] td', (t) => t[4].textContent))), n(total));
    assert.equal(await count(page), `all ${total} ratings`);
    // A click on the Drama bar of the genre chart.
    let before = await seq(page);
    const point = await barPoint(page, 'chart-genres', { Genre: 7 });
    await page.click('#chart-genres', { position: point });
    await dashboardAfter(page, before);
    assert.match(page.url(), /#genre=Drama$/);
    assert.equal(await count(page), `${await kpi(page)} of ${total} ratings`);
    assert.ok(n(await kpi(page)) < n(total));
    // Women too, from the unfolded controls.
    before = await seq(page);
    await clickChip(page, 'gender', 'F');
    await dashboardAfter(page, before);
    assert.match(page.url(), /#gender=F&genre=Drama$/);
    assert.equal(await count(page), `${await kpi(page)} of ${total} ratings`);
    assert.equal(await page.$$eval('#active button[data-remove]', (b) => b.length), 2);
    // Escape folds the controls, back on their button.
    await page.keyboard.press('Escape');
    assert.equal(await page.isHidden('#filter-controls'), true);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'filters-toggle');
    assert.equal(await page.getAttribute('#filters-toggle', 'aria-expanded'), 'false');
    // Scrolled to the bottom of the dashboard, the bar is still in view and on top.
    await page.evaluate(() => window.scrollTo({ top: document.body.scrollHeight, behavior: 'instant' }));
    await page.waitForFunction(() => window.scrollY > 1500);
    assert.ok(await inViewport(page, '#filterbar'), 'the bar is in view after scrolling');
    const onTop = await page.evaluate(() => {
      const b = document.getElementById('count').getBoundingClientRect();
      return document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2)?.id;
    });
    assert.equal(onTop, 'count');
    // The ✕ of one filter, from down there.
    before = await seq(page);
    await page.click('#active button[data-remove="genre"]');
    await dashboardAfter(page, before);
    assert.match(page.url(), /#gender=F$/);
    assert.equal(await count(page), `${await kpi(page)} of ${total} ratings`);
    before = await seq(page);
    await page.click('#clear');
    await dashboardAfter(page, before);
    assert.equal(await count(page), `all ${total} ratings`);
    assert.equal(new URL(page.url()).hash, '');
    assert.match(await page.textContent('#active'), /No filters/);
  } finally {
    await context.close();
  }
});

test('Copy link puts the URL in the clipboard, and the link restores the same view', async () => {
  const { context, page } = await open({ clipboard: true });
  try {
    let before = await seq(page);
    await page.click('#chart-genres', { position: await barPoint(page, 'chart-genres', { Genre: 3 }) });
    await dashboardAfter(page, before);
    before = await seq(page);
    await page.click('#chart-age', { position: await barPoint(page, 'chart-age', { Age: 25 }) });
    await dashboardAfter(page, before);
    assert.match(page.url(), /#age=25&genre=Children%27s$/);
    const filtered = await kpi(page);
    await page.click('#copy-link');
    await page.waitForFunction(() => document.getElementById('copied').textContent === 'Link copied');
    assert.ok(await page.isVisible('#copied'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, page.url());
    const other = await context.newPage();
    await other.goto(copied);
    await dashboardAfter(other, 0, 30000);
    assert.equal(await kpi(other), filtered);
    assert.equal(await other.getAttribute('button.chip[data-dim="genre"][data-key="3"]', 'aria-pressed'), 'true');
    assert.equal(await other.getAttribute('button.chip[data-dim="age"][data-key="25"]', 'aria-pressed'), 'true');
    assert.equal(await count(other), `${filtered} of 1,000,209 ratings`);
  } finally {
    await context.close();
  }
});

test('without a clipboard, Copy link shows the link selected', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
    const page = await context.newPage();
    await page.goto(`${server.url}#min=50`);
    await dashboardAfter(page, 0, 30000);
    await page.click('#copy-link');
    await page.waitForSelector('#link-text:not([hidden])');
    const field = await page.$eval('#link-text', (i) => ({
      value: i.value, focused: document.activeElement === i, start: i.selectionStart, end: i.selectionEnd,
    }));
    assert.equal(field.value, page.url());
    assert.match(field.value, /#min=50$/);
    assert.deepEqual([field.focused, field.start, field.end], [true, 0, field.value.length]);
  } finally {
    await context.close();
  }
});

test('an old link is understood and rewritten readably', async () => {
  const { context, page } = await open({ hash: '#g=F&genre=7,4&y=1990-1999&top=100' });
  try {
    const readable = '#gender=F&genre=Comedy,Drama&released=1990..1999&top=100';
    assert.equal(new URL(page.url()).hash, readable);
    for (const [dim, key] of [['gender', 'F'], ['genre', '4'], ['genre', '7']]) {
      assert.equal(await page.getAttribute(`button.chip[data-dim="${dim}"][data-key="${key}"]`, 'aria-pressed'), 'true');
    }
    assert.equal(await page.inputValue('#f-year-from'), '1990');
    assert.equal(await page.inputValue('#f-top'), '100');
    const old = await kpi(page);
    // The same view from the readable link, and from the controls.
    const fresh = await context.newPage();
    await fresh.goto(server.url + readable);
    await dashboardAfter(fresh, 0, 30000);
    assert.equal(await kpi(fresh), old);
    const mangled = await context.newPage();
    await mangled.goto(`${server.url}#genre=Drama,Nope&gender=X&rated=2001-01..2000-01&tab=nowhere`);
    await dashboardAfter(mangled, 0, 30000);
    assert.equal(new URL(mangled.url()).hash, '#genre=Drama');
    await expectTab(mangled, 'dashboard', 'dashboard-panel');
  } finally {
    await context.close();
  }
});

test('a 390×844 phone: no sideways scrolling on any tab, light and dark; the bar follows', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open({ width: 390, height: 844, colorScheme });
    try {
      const wide = () => page.evaluate(() => ({
        page: document.documentElement.scrollWidth, view: window.innerWidth,
        tabs: document.querySelector('[role=tablist]').scrollWidth,
        tabsBox: document.querySelector('[role=tablist]').clientWidth,
      }));
      const fits = async (what) => {
        const w = await wide();
        assert.ok(w.page <= w.view, `${colorScheme} ${what}: the page is ${w.page}px wide in ${w.view}px`);
        assert.ok(w.tabs <= w.tabsBox, `${colorScheme} ${what}: the tab bar needs ${w.tabs}px of ${w.tabsBox}px`);
      };
      await fits('dashboard');
      assert.ok(await inViewport(page, '#kpis'), 'the KPIs are on the first screen');
      assert.ok((await chartsInView(page)).length >= 1 || await page.$eval('#charts', (g) => g.getBoundingClientRect().top < innerHeight),
        'the charts start on the first screen');
      await page.screenshot({ path: join(ARTIFACTS, `firstscreen-390-${colorScheme}.png`) });
      noHalfEmptyRows(await gridRows(page), `390px ${colorScheme}`);
      await page.click('#filters-toggle');
      await fits('the filter controls');
      let before = await seq(page);
      await clickChip(page, 'genre', '9');
      await dashboardAfter(page, before);
      before = await seq(page);
      await clickChip(page, 'occupation', '4');
      await dashboardAfter(page, before);
      await page.click('#filters-toggle');
      await fits('two active filters');
      assert.match(page.url(), /#occupation=college-grad-student&genre=Film-Noir$/);
      await page.evaluate(() => window.scrollTo({ top: 3000, behavior: 'instant' }));
      await page.waitForFunction(() => window.scrollY >= 2900);
      assert.ok(await inViewport(page, '#filterbar'), 'the bar is in view after scrolling');
      for (const tab of ['quality', 'profile', 'export', 'dashboard']) {
        await openTab(page, tab);
        await fits(tab);
      }
      await page.click('#clear');
    } finally {
      await context.close();
    }
  }
});
