// Times the stream core in wasm under node: `scripts/wasm-bench.sh` (which
// builds DIR first), or `node crates/wasm-bench/bench.mjs DIR` with DIR the
// output of `wasm-bindgen --target nodejs`. RATINGS (default 1,000,209) and
// RUNS (default 5) from the environment. Prints events/s, best and median.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const dir = path.resolve(process.argv[2] ?? 'target/wasm-bench');
const { Bench } = require(path.join(dir, 'movielens_wasm_bench.js'));
const ratings = Number(process.env.RATINGS ?? 1000209);
const runs = Number(process.env.RUNS ?? 5);

let t = performance.now();
const bench = new Bench(ratings);
const events = bench.events();
console.log(`generated and loaded ${events} ratings in ${(performance.now() - t).toFixed(0)} ms`);

function time(name, f) {
  f(); // warm-up
  const ms = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    f();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const rate = (m) => ((events / m) * 1e3 / 1e6).toFixed(2);
  const median = ms[Math.floor(ms.length / 2)];
  console.log(
    `${name}: best ${ms[0].toFixed(1)} ms = ${rate(ms[0])} M events/s, ` +
      `median ${median.toFixed(1)} ms = ${rate(median)} M events/s (${runs} runs)`,
  );
}

time('speed layer: every page window', () => bench.speed_layer());
time('replay: arrivals + windows + lambda speed state, steps of 10,000', () => bench.replay(10000));
