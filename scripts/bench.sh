#!/usr/bin/env bash
# Benchmarks: the core's stages (movielens bench, release build) and the
# browser (bundle size, first chart, 1M ratings to a drawn dashboard, filter
# to redraw) in headless Chromium. For criterion's statistics of the core:
#   cargo bench -p movielens-core
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cargo build --release -p movielens-cli --locked
echo "== core (native, release, one core) =="
target/release/movielens bench
echo
echo "== stream core in wasm (node, the page's opt-level z) =="
scripts/wasm-bench.sh
echo
echo "== browser (headless Chromium) =="
trunk build --release
node tests/e2e/bench.mjs
