#!/usr/bin/env bash
# Runs every test: formatting, lints, native unit/integration/doc tests, the
# wasm32 build of the core, and the browser bundle. Installs what it needs
# on first run (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy (wasm32: core and web shell)"
cargo clippy --target wasm32-unknown-unknown -p movielens-core -p movielens-web --locked -- -D warnings

step "function and file sizes"
python3 scripts/sizes.py

step "cargo test (native: unit, integration, doc tests)"
cargo test --workspace --locked

step "wasm32 build of the core"
cargo build --target wasm32-unknown-unknown -p movielens-core --locked

step "wasm-bindgen tests in headless Chromium (charts on a real canvas, messages)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p movielens-web --test web --locked

step "trunk build --release (the browser bundle)"
trunk build --release

step "end-to-end tests: the built page in headless Chromium, served from a sub-path"
cargo build --release -p movielens-cli --locked
node --test tests/e2e/

step "the report as SQL over the Parquet export, in DuckDB and Spark local mode (tests/sql)"
MOVIELENS="$PWD/target/release/movielens" "${MOVIELENS_VENV:-$HOME/.cache/movielens/venv}/bin/python" \
  -m unittest discover -s tests/sql -v

step "all tests passed"
