// The bundle budget: everything the first view fetches (the page, its
// script and stylesheet, the wasm module and its glue, which the worker
// loads again from the cache) is at most 400 KB gzip. Sizes are deterministic for a build, so this is a test,
// not a benchmark; scripts/bench.sh prints the per-file breakdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from './helpers.mjs';

const BUDGET = 400 * 1024;
const LIVE = ['live.js', 'live_bg.wasm'];
// The Parquet worker: fetched only when "Download as Parquet (zip)" is pressed.
const PARQUET = ['parquet.js', 'parquet_bg.wasm'];

test('the first view is at most 400 KB gzip', () => {
  const sizes = [];
  for (const f of readdirSync(DIST)) {
    const p = join(DIST, f);
    if (!statSync(p).isFile()) continue;
    // Live mode's worker (live.js, live_bg.wasm: the stream core) is a
    // module of its own, fetched only when Live mode opens, never by the
    // first view (tests/e2e/live.test.mjs checks that); it is not counted.
    if (LIVE.includes(f) || PARQUET.includes(f)) continue;
    sizes.push([f, gzipSync(readFileSync(p), { level: 9 }).length]);
  }
  const names = sizes.map(([f]) => f);
  // The sum must cover what the page loads: the page, and the one wasm
  // module the page and its worker share.
  for (const f of ['index.html', 'app.js', 'app_bg.wasm']) {
    assert.ok(names.includes(f), `${f} in dist: ${names}`);
  }
  const total = sizes.reduce((a, [, n]) => a + n, 0);
  const detail = sizes.map(([f, n]) => `${f} ${(n / 1024).toFixed(1)} KB`).join(', ');
  assert.ok(total <= BUDGET, `bundle ${(total / 1024).toFixed(1)} KB gzip > 400 KB: ${detail}`);
  console.log(`bundle: ${(total / 1024).toFixed(1)} KB gzip (budget 400 KB): ${detail}`);
  const live = LIVE.filter((f) => existsSync(join(DIST, f)))
    .map((f) => `${f} ${(gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length / 1024).toFixed(1)} KB`);
  console.log(`not counted, fetched when Live mode opens: ${live.join(', ')}`);
  const parquet = PARQUET.filter((f) => existsSync(join(DIST, f)))
    .map((f) => `${f} ${(gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length / 1024).toFixed(1)} KB`);
  console.log(`not counted, fetched when a Parquet download is asked for: ${parquet.join(', ')}`);
});
