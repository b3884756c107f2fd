"""Trunk post_build step: cuts the lazily loaded pages (src/lazy_pages.rs) and the bulk-edit
dialog out of the main wasm.

Why (issue #15, P1 and the slow link): a first load of the job list does not need the job page,
the forms, the run timeline, Activity or the dialog. Their views are split functions
(`wasm_split`, what Leptos' `#[lazy]` builds on); wasm-split (`wasm-split-cli` of the crate
`wasm_split_cli_support`, which cargo-leptos uses and scripts/bootstrap.sh installs) reads the
wasm Cargo linked (with its relocations: build.rs) and writes a main module plus one chunk per
split point and per code they share, and a small ES module that fetches a chunk when needed.

Trunk 0.21 cannot run it between Cargo and wasm-bindgen, so this step redoes what Trunk did after
Cargo, on the split main module: wasm-bindgen (`--keep-lld-exports`, as cargo-leptos does for the
split module), and it replaces Trunk's bindings and wasm in the staged dist and their integrity
hashes in index.html. It runs wasm-opt on every module of a release build (Trunk's is off). The
chunks and the loader module are named by the hash of their content (`chunk-<hash>.wasm`,
`split-<hash>.js`), so the nginx config caches them like Trunk's files.

A build without split points (the `split` feature off) keeps Trunk's bindings and wasm. Called
first by the post_build hook (scripts/externalize_loader.py); runnable alone as
`python3 scripts/split_wasm.py DIR` after a Trunk build.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from minify_js import sri  # noqa: E402  (the one integrity hash of every build step)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINDINGS = re.compile(r"^(zephyr-jobs-[0-9a-f]{12,16})\.js$")
PLACEHOLDER = b"__wasm_split_placeholder__"
LINK_NAME = "__wasm_split.js"
# For size; the stack is the first 256 kB of memory (.cargo/config.toml), so the low 1 kB is never
# the app's; the producers and target-features sections are for tools, not browsers.
WASM_OPT = ["-Oz", "--low-memory-unused", "--strip-producers", "--strip-target-features"]
# The wasm features rustc enables for wasm32-unknown-unknown (1.95, and the release build's nightly
# 1.97: scripts/bootstrap.sh), and SIMD (.cargo/config.toml).
# wasm-split drops the target-features section wasm-opt would read them from.
WASM_FEATURES = [
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--enable-simd",
]


INSTANTIATE_CHUNK = """
async function instantiateChunk(src, imports) {
    const response = await src;
    if (!response.ok) {
        throw new Error(`${response.url}: HTTP ${response.status}`);
    }
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    if (type === "application/wasm") {
        return WebAssembly.instantiateStreaming(response, imports);
    }
    console.warn(`${response.url} is sent as ${type || "no type"}, not application/wasm: compiled from its bytes`);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
"""


def digest(data):
    return hashlib.sha256(data).hexdigest()[:16]


def tool(name):
    path = shutil.which(name, path=os.pathsep.join([os.path.join(ROOT, "tools", "node_modules", ".bin"), os.environ.get("PATH", "")]))
    if not path:
        sys.exit(f"split_wasm: no `{name}` on PATH: run `source scripts/bootstrap.sh && zj_bootstrap`")
    return path


def cargo_wasm(profile):
    """The wasm Cargo linked for this build, before wasm-bindgen (Trunk leaves it in the target
    directory)."""
    meta = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
        cwd=ROOT, capture_output=True, check=True,
    )
    target_dir = json.loads(meta.stdout)["target_directory"]
    return os.path.join(target_dir, "wasm32-unknown-unknown", "release" if profile == "release" else "debug", "zephyr-jobs.wasm")


def wasm_opt(paths):
    """Optimizes each wasm for size in place. Trunk's own wasm-opt is off (index.html's
    `data-wasm-opt="0"`): it would optimize the wasm before the split, only to be replaced."""
    for path in paths:
        subprocess.run([tool("wasm-opt"), *WASM_OPT, *WASM_FEATURES, path, "-o", path], check=True)


def split_wasm(staging, profile):
    names = [m.group(1) for m in map(BINDINGS.match, sorted(os.listdir(staging))) if m]
    if len(names) != 1:
        sys.exit(f"split_wasm: expected one zephyr-jobs-<hash>.js in {staging}, found {names}")
    stem = names[0]
    raw_path = cargo_wasm(profile)
    with open(raw_path, "rb") as f:
        raw = f.read()
    index_path = os.path.join(staging, "index.html")
    if PLACEHOLDER not in raw:
        if profile == "release":
            path = os.path.join(staging, stem + "_bg.wasm")
            with open(path, "rb") as f:
                before = f.read()
            wasm_opt([path])
            with open(path, "rb") as f:
                after = f.read()
            with open(index_path, encoding="utf-8") as f:
                html = f.read()
            with open(index_path, "w", encoding="utf-8") as f:
                f.write(html.replace(sri(before), sri(after)))
        return [f"{os.path.basename(raw_path)} has no split points: Trunk's wasm kept"]

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        split_dir = os.path.join(tmp, "split")
        subprocess.run(
            [tool("wasm-split-cli"), raw_path, split_dir, "--target", "web", "--out-name", stem],
            check=True,
        )
        bindgen_dir = os.path.join(tmp, "bindgen")
        subprocess.run(
            [tool("wasm-bindgen"), "--target", "web", "--keep-lld-exports", "--no-typescript",
             "--out-dir", bindgen_dir, "--out-name", stem, os.path.join(split_dir, stem + ".wasm")],
            check=True,
        )
        if os.path.exists(os.path.join(bindgen_dir, "snippets")):
            sys.exit("split_wasm: wasm-bindgen wrote snippets/, which this step does not copy")
        chunks = sorted(n for n in os.listdir(split_dir) if n.endswith(".wasm") and n != stem + ".wasm")
        # The main module with its function names, for `scripts/bench.sh --profile`.
        named = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(raw_path))), "wasm-split", profile)
        os.makedirs(named, exist_ok=True)
        shutil.copyfile(os.path.join(bindgen_dir, stem + "_bg.wasm"), os.path.join(named, "zephyr-jobs_bg.wasm"))
        if profile == "release":
            wasm_opt([os.path.join(bindgen_dir, stem + "_bg.wasm")] + [os.path.join(split_dir, n) for n in chunks])

        # Chunks named by their content; the loader module names them, and is then named by its own.
        with open(os.path.join(split_dir, LINK_NAME), encoding="utf-8") as f:
            link = f.read()
        for name in chunks:
            with open(os.path.join(split_dir, name), "rb") as f:
                data = f.read()
            hashed = f"chunk-{digest(data)}.wasm"
            quoted = f'"./{name}"'
            if quoted not in link:
                sys.exit(f"split_wasm: {LINK_NAME} does not name {name}")
            link = link.replace(quoted, f'"./{hashed}"')
            with open(os.path.join(staging, hashed), "wb") as f:
                f.write(data)
            written.append(f"{name} -> {hashed} {len(data)} B")
        # Chunks compiled from their bytes when the server does not say `application/wasm` (as
        # wasm-bindgen's loader does for the main module), so a proxy without that type maps
        # them still serves every page.
        streamed = "WebAssembly.instantiateStreaming(src, imports)"
        if link.count(streamed) != len(chunks):
            sys.exit(f"split_wasm: {LINK_NAME} does not instantiate each chunk as expected")
        link = link.replace(streamed, "instantiateChunk(src, imports)") + INSTANTIATE_CHUNK
        link_hashed = f"split-{digest(link.encode())}.js"
        with open(os.path.join(staging, link_hashed), "w", encoding="utf-8") as f:
            f.write(link)
        written.append(f"{LINK_NAME} -> {link_hashed} {len(link)} B")

        # The main module's bindings import the loader module by its link name (`from "..."`);
        # the wasm's imports keep that name as the key of the import object.
        with open(os.path.join(bindgen_dir, stem + ".js"), encoding="utf-8") as f:
            bindings = f.read()
        bindings, imports = re.subn(
            r"""(from\s*)(['"])\./""" + re.escape(LINK_NAME) + r"\2",
            lambda m: f"{m.group(1)}{m.group(2)}./{link_hashed}{m.group(2)}",
            bindings,
        )
        if imports == 0:
            sys.exit(f"split_wasm: the bindings do not import ./{LINK_NAME}")

        with open(index_path, encoding="utf-8") as f:
            html = f.read()
        for name, data in [
            (stem + ".js", bindings.encode()),
            (stem + "_bg.wasm", open(os.path.join(bindgen_dir, stem + "_bg.wasm"), "rb").read()),
        ]:
            path = os.path.join(staging, name)
            with open(path, "rb") as f:
                before = f.read()
            html = html.replace(sri(before), sri(data))
            with open(path, "wb") as f:
                f.write(data)
            written.append(f"{name} {len(before)} -> {len(data)} B (split)")
        # The loader module is imported by the bindings: preloaded with them, it is not one more
        # round trip after them. (The chunks are not named here: a <link rel="prefetch"> starts
        # at once, ahead of the job list's request on a slow link; the app fetches them once
        # the first page is drawn, src/lazy_pages.rs.)
        found = re.search(r'<link rel="modulepreload" href="([^"]*)' + re.escape(stem) + r'\.js"[^>]*>', html)
        if not found:
            sys.exit(f"split_wasm: no <link rel=\"modulepreload\"> of {stem}.js in index.html")
        prefix = found.group(1)
        links = [f'<link rel="modulepreload" href="{prefix}{link_hashed}" />']
        html = html.replace(found.group(0), found.group(0) + "".join("\n    " + link for link in links), 1)
        with open(index_path, "w", encoding="utf-8") as f:
            f.write(html)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 scripts/split_wasm.py DIR")
    for line in split_wasm(sys.argv[1], os.environ.get("TRUNK_PROFILE", "release")):
        print(line)
