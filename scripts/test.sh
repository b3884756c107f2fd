#!/usr/bin/env bash
# Runs every test: formatting, clippy (native and wasm), the release build, native tests
# (fetch-layer decoding, the simulator, end-to-end in headless Chromium) and wasm-bindgen
# browser tests. Prints each runner's own summary lines.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
zj_bootstrap
cd "$ZJ_ROOT"

export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all --check

step "clippy (native, warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32, warnings denied)"
cargo clippy -p zephyr-jobs --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

step "trunk build --release (zj_trunk_release: the pinned nightly, std built with the app)"
zj_trunk_release
printf '%-48s %10s %10s\n' "dist file" "bytes" "gzip -9"
total=0 chunks=0
for f in dist/*.wasm dist/*.js dist/*.css; do
  raw=$(wc -c <"$f"); gz=$(gzip -9c "$f" | wc -c)
  # The lazily loaded pages' chunks (scripts/split_wasm.py) are not part of a first load.
  case "$f" in dist/chunk-*) chunks=$((chunks + gz)) ;; *) total=$((total + gz)) ;; esac
  printf '%-48s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-48s %10s %10d\n' "first load (wasm + js + css)" "" "$total"
printf '%-48s %10s %10d\n' "lazily loaded pages' chunks" "" "$chunks"

step "trunk build --release --public-url /automation/ (the nginx test's sub-path build)"
zj_trunk_release --public-url /automation/ --dist target/dist-automation

step "trunk build --release --features crash-route (the crash screen test's build, never shipped)"
zj_trunk_release --features crash-route --dist target/dist-crash

step "native tests: fetch layer, simulator, end-to-end in headless Chromium"
cargo test --workspace --locked

step "browser tests: wasm-bindgen-test in headless Chromium"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p zephyr-jobs --target wasm32-unknown-unknown --locked --no-default-features

step "all tests passed"
