#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:8080/ (PORT to change).
# Installs what it needs on first run (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
port="${PORT:-8080}"
echo "Serving the app at http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec trunk serve --release --address 127.0.0.1 --port "$port"
