//! With the `split` feature, the wasm keeps its relocations (`--emit-relocs`): the map
//! `scripts/split_wasm.py` (wasm-split) needs to cut the lazily loaded pages out of it.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if split && wasm {
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
