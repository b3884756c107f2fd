//! The wasm entry point Trunk builds.

fn main() {
    zephyr_jobs::mount();
}
