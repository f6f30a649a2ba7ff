// Helpers shared by the end-to-end tests: the CLI (fixtures come from the
// project's generator, never real MovieLens data) and what a test reads off
// the page.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { dashboardAfter, launch, seq } from './browser.mjs';
import { serve } from './server.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(ROOT, 'target/release/movielens');
export const ARTIFACTS = join(ROOT, 'test-results');
/** The built page (MOVIELENS_DIST: another build, e.g. to see a test fail on an older one). */
export const DIST = process.env.MOVIELENS_DIST || join(ROOT, 'dist');

export function cli(...args) {
  return execFileSync(CLI, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** A number as the page writes it ("1,000,209"). */
export const n = (s) => Number(String(s).replace(/,/g, ''));

/** The cells of the lineage table's row for `file` (users, movies, ratings). */
export async function lineageRow(page, file) {
  return page.evaluate((file) => {
    const tr = document.querySelector(`#lineage-table tr[data-file="${file}"]`);
    return [...tr.children].map((td) => td.textContent);
  }, file);
}

/** The five KPI cards, as text. */
export async function kpis(page) {
  return page.$$eval('#kpis .kpi', (cards) => cards.map((c) => c.textContent));
}

/** Gives files through the file input and waits for their dashboard. */
export async function giveFiles(page, paths, timeout = 60000) {
  const before = await seq(page);
  await page.setInputFiles('#files', paths);
  await page.waitForFunction(
    () => document.body.dataset.source === 'files' || document.body.dataset.status === 'error');
  return dashboardAfter(page, before, timeout);
}

/** Waits until the status line matches `re`. */
export async function statusMatches(page, re, timeout = 30000) {
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.getElementById('status').textContent),
    [re.source, re.flags], { timeout });
}

/**
 * From now on, records after every DOM change what a person sees of the
 * load: the status line, whether Cancel shows, the source named. Read it
 * with `trace(page)`.
 */
export async function startTrace(page) {
  await page.evaluate(() => {
    const trace = (window.__trace = []);
    const record = () => {
      const entry = {
        status: document.getElementById('status').textContent,
        cancel: !document.getElementById('cancel').hidden,
        source: document.getElementById('source').textContent,
      };
      const last = trace[trace.length - 1];
      if (!last || last.status !== entry.status || last.cancel !== entry.cancel || last.source !== entry.source) {
        trace.push(entry);
      }
    };
    record();
    new MutationObserver(record).observe(document.body,
      { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

export async function trace(page) {
  return page.evaluate(() => window.__trace);
}

/**
 * Makes File objects of `names`, fetched from the test server's fixtures
 * (see server.mjs), ready in the page for `dropFixtures`: fetched first,
 * so that the drop itself takes no time.
 */
export async function fetchFixtures(page, names) {
  await page.evaluate(async (names) => {
    window.__fixtures = await Promise.all(names.map(async (name) => {
      const r = await fetch(`fixtures/${name}`);
      if (!r.ok) throw new Error(`fixture ${name}: ${r.status}`);
      return new File([await r.blob()], name);
    }));
  }, names);
}

/**
 * Drops the files `fetchFixtures` made on the page as a person does; with
 * `cancelFirst`, Cancel is clicked just before, in the same moment.
 */
export async function dropFixtures(page, { cancelFirst = false } = {}) {
  await page.evaluate((cancelFirst) => {
    const dt = new DataTransfer();
    for (const f of window.__fixtures) dt.items.add(f);
    if (cancelFirst) document.getElementById('cancel').click();
    const target = document.querySelector('#kpis');
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, cancelFirst);
}

export { dashboardAfter, seq };

/**
 * The built page served from a sub-path (with `fixtures` under
 * BASE/fixtures/), opened in Chromium at 1400×1000 and shown its demo.
 */
export async function openPage({ fixtures = null } = {}) {
  const server = await serve(DIST, '/movielens/', fixtures);
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await dashboardAfter(page, 0, 30000);
  return { server, browser, page };
}

/** Ends what `openPage` started and removes the test's folder. */
export async function closePage(opened, work) {
  await opened?.browser?.close();
  opened?.server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
}

/** Opens a tab as a person does: a click on it in the tab bar. */
export async function openTab(page, name) {
  await page.click(`#tab-${name}`);
  await page.waitForSelector(`[role=tabpanel][aria-labelledby="tab-${name}"]:not([hidden])`);
}

/** Clicks a filter chip, unfolding the filter controls first when they are folded. */
export async function clickChip(page, dim, key) {
  if (await page.getAttribute('#filters-toggle', 'aria-expanded') !== 'true') {
    await page.click('#filters-toggle');
  }
  await page.click(`button.chip[data-dim="${dim}"][data-key="${key}"]`);
}
