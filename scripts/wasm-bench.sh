#!/usr/bin/env bash
# The stream core's replay speed in wasm (budget: 3 M events/s), under node:
# crates/wasm-bench built with Live mode's worker profile (wasm-live,
# opt-level 3; PROFILE=wasm-release for the page's, opt-level z), bound with
# `wasm-bindgen --target nodejs`, optimised by wasm-opt as Trunk does for
# that worker (-O3; for wasm-release the page's -Os --low-memory-unused
# --converge), and timed by
# crates/wasm-bench/bench.mjs. RATINGS and RUNS pass through (defaults
# 1,000,209 and 5).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
profile="${PROFILE:-wasm-live}"
opt=(-O3)
# The page's flags (index.html) for its profile.
[[ $profile == wasm-release ]] && opt=(-Os --low-memory-unused --converge)
cargo build --profile "$profile" --target wasm32-unknown-unknown -p movielens-wasm-bench --locked
out=target/wasm-bench
wasm-bindgen --target nodejs --out-dir "$out" \
  "target/wasm32-unknown-unknown/$profile/movielens_wasm_bench.wasm"
echo "profile $profile, wasm-opt ${opt[*]}"
wasm-opt "${opt[@]}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/movielens_wasm_bench_bg.wasm" -o "$out/movielens_wasm_bench_bg.wasm"
node crates/wasm-bench/bench.mjs "$out"
