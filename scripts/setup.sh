#!/usr/bin/env bash
# Installs, idempotently, every tool the build and the tests need.
#
#   scripts/setup.sh          tools to build and serve the app
#   scripts/setup.sh --test   also Chromium + ChromeDriver and the npm test deps
#
# Versions are pinned here and nowhere else (Cargo.toml pins the wasm-bindgen
# crate to the same version as the CLI; Trunk.toml names it too).
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
# The SQL tests (tests/sql): DuckDB and Spark from PyPI, in a venv outside
# the repository (pyspark is about 300 MB; a fresh clone reuses it).
DUCKDB_VERSION=2.0.1
PYSPARK_VERSION=4.3.0
VENV="${MOVIELENS_VENV:-$HOME/.cache/movielens/venv}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$PATH"

if ! command -v cargo >/dev/null; then
  echo "setup: cargo not found; install Rust with rustup first (https://rustup.rs)" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # No --locked: one of its locked dependencies is missing from the crates.io mirror.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (several minutes, once)"
  # --locked: a newer lightningcss breaks the build; 0.22 needs a newer rustc.
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# wasm-opt (binaryen) and playwright-core come from npm, pinned by package-lock.json.
if [[ ! -x "$here/node_modules/.bin/wasm-opt" || ! -d "$here/node_modules/playwright-core" \
      || "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]]; then
  log "installing npm packages (binaryen, playwright-core)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

apt_updated=0
apt_install() {
  local sudo_cmd=()
  [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
  if [[ $apt_updated == 0 ]]; then
    "${sudo_cmd[@]}" apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "$@" >/dev/null
}

if [[ $want_test == 1 ]]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    apt_install chromium chromium-driver
  fi
  # Spark 4 needs Java 17 or newer.
  if ! java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])'; then
    log "installing openjdk-17-jre-headless from Debian (Spark's Java)"
    apt_install openjdk-17-jre-headless
  fi
  if [[ "$("$VENV/bin/python" -c 'import duckdb, pyspark; print(duckdb.__version__, pyspark.__version__)' 2>/dev/null || true)" \
        != "$DUCKDB_VERSION $PYSPARK_VERSION" ]]; then
    log "installing duckdb $DUCKDB_VERSION and pyspark $PYSPARK_VERSION into $VENV (a few minutes, once)"
    if ! python3 -c 'import ensurepip' 2>/dev/null; then
      apt_install python3-venv
    fi
    mkdir -p "$(dirname "$VENV")"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check "duckdb==$DUCKDB_VERSION" "pyspark==$PYSPARK_VERSION"
  fi
fi
log "tools ready"
