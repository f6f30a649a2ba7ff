#!/usr/bin/env bash
# The stream core's replay speed in wasm (budget: 3 M events/s), under node:
# crates/wasm-bench built with the page's profile (wasm-release, opt-level
# z), bound with `wasm-bindgen --target nodejs`, shrunk with `wasm-opt -Oz`
# as Trunk does for the page, and timed by crates/wasm-bench/bench.mjs.
# RATINGS and RUNS pass through (defaults 1,000,209 and 5).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo build --profile wasm-release --target wasm32-unknown-unknown -p movielens-wasm-bench --locked
out=target/wasm-bench
wasm-bindgen --target nodejs --out-dir "$out" \
  target/wasm32-unknown-unknown/wasm-release/movielens_wasm_bench.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/movielens_wasm_bench_bg.wasm" -o "$out/movielens_wasm_bench_bg.wasm"
node crates/wasm-bench/bench.mjs "$out"
