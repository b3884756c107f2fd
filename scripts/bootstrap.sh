# Sourced by run.sh and test.sh: installs what the project needs and is missing, nothing else,
# and puts the project's tools on PATH. Quick (a few seconds) when everything is present.
# shellcheck shell=bash

ZJ_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"   # 0.22 needs rustc 1.96.1
# wasm-split-cli (scripts/split_wasm.py), of the crate wasm_split_cli_support: the version that
# reads the split points Cargo.lock's wasm_split_helpers 0.2.3 writes.
WASM_SPLIT_VERSION="0.2.4"
# The release build's toolchain (issue #15, P1; README › Performance, round 13): a pinned nightly
# builds std with the app, for size (`-Z build-std`), and panics abort at once. Test builds and
# the simulator stay on the stable toolchain.
ZJ_NIGHTLY="nightly-2026-05-20"
export PATH="$ZJ_ROOT/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

zj_bootstrap() {
  local started=$SECONDS

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi

  if ! rustup run "$ZJ_NIGHTLY" rustc --version >/dev/null 2>&1 \
     || ! rustup +"$ZJ_NIGHTLY" target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
     || [ ! -f "$(rustup run "$ZJ_NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock" ]; then
    say "installing the release build's toolchain: $ZJ_NIGHTLY with rust-src and the wasm target"
    rustup toolchain install "$ZJ_NIGHTLY" --profile minimal --target wasm32-unknown-unknown --component rust-src
  fi
  # std's own dependencies: the release build is offline (Trunk.toml), so they must be here first.
  local library
  library="$(rustup run "$ZJ_NIGHTLY" rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  if ! cargo +"$ZJ_NIGHTLY" fetch --offline --manifest-path "$library" >/dev/null 2>&1; then
    say "fetching std's dependencies for $ZJ_NIGHTLY"
    cargo +"$ZJ_NIGHTLY" fetch --manifest-path "$library"
  fi

  if ! trunk --version 2>/dev/null | grep -q "^trunk $TRUNK_VERSION\$"; then
    say "installing trunk $TRUNK_VERSION (10-15 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi

  # wasm-split-cli (scripts/split_wasm.py) has no --version: Cargo's list of installed crates
  # says which one is there.
  if ! command -v wasm-split-cli >/dev/null \
     || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    say "installing wasm-split-cli $WASM_SPLIT_VERSION (2-3 minutes, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary
  fi

  # wasm-bindgen-cli must be exactly the wasm-bindgen of Cargo.lock. Not --locked: its own lock
  # names a crate version the registry no longer serves.
  local wbg
  wbg="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ZJ_ROOT/Cargo.lock")"
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $wbg\$" \
     || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "installing wasm-bindgen-cli $wbg"
    cargo install wasm-bindgen-cli --version "$wbg" --force
  fi

  # wasm-opt from the npm registry's binaryen 132 (Debian's 108 makes a release build that
  # loads a blank page), and axe-core, which the end-to-end tests inject into each page
  # (tests/e2e/accessibility.rs), and terser, which minifies the release build's JS bindings
  # (scripts/minify_js.py). All pinned in tools/package-lock.json.
  local axe_wanted
  axe_wanted="$(sed -n 's/.*"axe-core": "\(.*\)".*/\1/p' "$ZJ_ROOT/tools/package.json")"
  if ! "$ZJ_ROOT/tools/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version 132" \
     || ! grep -qs "\"version\": \"$axe_wanted\"" "$ZJ_ROOT/tools/node_modules/axe-core/package.json" \
     || [ ! -f "$ZJ_ROOT/tools/node_modules/axe-core/axe.min.js" ] \
     || [ ! -x "$ZJ_ROOT/tools/node_modules/.bin/terser" ]; then
    say "installing binaryen 132 (wasm-opt), axe-core $axe_wanted and terser into tools/"
    (cd "$ZJ_ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi

  # Chromium runs every browser test; nginx runs the shipped reverse-proxy config (tests/e2e/nginx.rs)
  # with its brotli_static module; brotli precompresses the release build (scripts/precompress.py).
  local packages=()
  command -v chromium >/dev/null || packages+=(chromium)
  command -v chromedriver >/dev/null || packages+=(chromium-driver)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || packages+=(nginx-light)
  [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] \
    || packages+=(libnginx-mod-http-brotli-static)
  command -v brotli >/dev/null || packages+=(brotli)
  if [ ${#packages[@]} -gt 0 ]; then
    say "installing Debian's ${packages[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # A policy-rc.d that says 101 keeps the package from starting a system nginx on port 80.
    local own_policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
      $sudo chmod +x /usr/sbin/policy-rc.d
      own_policy=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
    [ -z "$own_policy" ] || $sudo rm -f /usr/sbin/policy-rc.d
  fi

  say "tools ready in $((SECONDS - started)) s: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | head -1), $(/usr/sbin/nginx -v 2>&1 || nginx -v 2>&1)"
}

# `trunk build --release` with the release toolchain: the pinned nightly, std built with the app
# at the app's size settings (`-Z build-std`), panics that abort at once with no message (the
# crash screen, web/crash.js, answers the trap), and no panic locations in the wasm. These flags
# are added to .cargo/config.toml's. Measured in README › Performance, round 13.
zj_trunk_release() {
  RUSTUP_TOOLCHAIN="$ZJ_NIGHTLY" \
  CARGO_UNSTABLE_BUILD_STD="std,panic_abort" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    trunk build --release --locked "$@"
}
