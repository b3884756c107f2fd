#!/usr/bin/env bash
# Runs the app against the bundled Zephyr simulator: builds the release dist, then serves it
# and the simulated API from one process, as the Zephyr server's reverse proxy would.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
zj_bootstrap
cd "$ZJ_ROOT"

say "building the app (release)"
zj_trunk_release
say "building the simulator"
cargo build --release -p zephyr-sim
PORT="${PORT:-8787}"
say "starting: open http://127.0.0.1:$PORT/ and sign in with the full-rights demo token below"
exec target/release/zephyr-sim --static dist --port "$PORT" "$@"
