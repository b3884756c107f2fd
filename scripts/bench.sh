#!/usr/bin/env bash
# The performance benchmark (issue #8; not part of the test command): builds the release dist,
# then runs examples/bench against the simulator with 10,000 jobs in headless Chromium. Prints a
# table (median, min-max of the runs, met / not met against issue #15's targets) and writes every
# figure and run to target/bench/results.json. Takes about 6 minutes.
#   bash scripts/bench.sh             the figures
#   bash scripts/bench.sh --profile   instead, a CPU profile of the list page loading (app and
#                                     vanilla), with wasm function names, and its top functions
#   bash scripts/bench.sh --activity  only A1: the Activity page's frame times with 100 lanes
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
zj_bootstrap
cd "$ZJ_ROOT"

export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say "building the app (release)"
zj_trunk_release

if [ "${1:-}" = "--profile" ]; then
  # The same build with wasm function names (the main module as wasm-bindgen wrote it, before
  # wasm-opt strips them: scripts/split_wasm.py keeps it; the chunks stay optimized).
  prof="$ZJ_ROOT/target/bench/profile-dist"
  rm -rf "$prof" && mkdir -p "$prof" && cp dist/* "$prof/"
  # The precompressed siblings are of the optimized wasm: without them the named one is served.
  rm -f "$prof"/*.br "$prof"/*.gz
  cp "${CARGO_TARGET_DIR:-$ZJ_ROOT/target}/wasm-split/release/zephyr-jobs_bg.wasm" "$prof/$(cd dist && ls ./*_bg.wasm)"
  say "profiling the list page (names kept, wasm-opt skipped)"
  BENCH_PROFILE=1 ZJ_DIST="$prof" cargo run --locked --example bench
  exit
fi

if [ "${1:-}" = "--activity" ]; then
  say "measuring the Activity page (100 lanes)"
  BENCH_ACTIVITY=1 cargo run --locked --example bench
  exit
fi

say "running the benchmark"
cargo run --locked --example bench
