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

if [[ $want_test == 1 ]]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    sudo_cmd=()
    [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
log "tools ready"
