"""Release builds only: minifies wasm-bindgen's JS bindings in the staged dist with terser
(tools/, pinned in tools/package-lock.json) and updates the integrity of the links to them.

Why (issue #15, P1 transfer size): the bindings are 67 kB of readable JS, 10.6 kB gzip -9; terser
as an ES module (export and import names kept, only locals renamed) brings them to 8.3 kB.
Trunk's own minifier cannot parse wasm-bindgen's `export default`. Called from the post_build
hook (scripts/externalize_loader.py) before precompress; runnable alone as
`python3 scripts/minify_js.py DIR`.
"""
import base64
import hashlib
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TERSER = os.path.join(ROOT, "tools", "node_modules", ".bin", "terser")
# The bindings: zephyr-jobs-<hash>.js (the loader, loader-<hash>.js, is a few lines).
BINDINGS = re.compile(r"^zephyr-jobs-[0-9a-f]{12,16}\.js$")


def sri(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def minify_js(directory):
    if not os.path.exists(TERSER):
        sys.exit("minify_js: no tools/node_modules/.bin/terser: run `source scripts/bootstrap.sh && zj_bootstrap` (npm ci in tools/)")
    index_path = os.path.join(directory, "index.html")
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    written = []
    for name in sorted(os.listdir(directory)):
        if not BINDINGS.match(name):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as f:
            before = f.read()
        subprocess.run([TERSER, path, "--module", "--compress", "--mangle", "--output", path], check=True)
        with open(path, "rb") as f:
            after = f.read()
        # Trunk's <link rel="modulepreload" href=".../name" integrity="..."> must match the new bytes.
        html = html.replace(sri(before), sri(after))
        written.append(f"{name} {len(before)} -> {len(after)} B")
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    return written


def minify_script(text):
    """A classic script's text (web/prefetch.js and web/first_rows.js), minified: it is on the
    critical path of a slow link's first rows."""
    if not os.path.exists(TERSER):
        sys.exit("minify_js: no tools/node_modules/.bin/terser: run `source scripts/bootstrap.sh && zj_bootstrap` (npm ci in tools/)")
    done = subprocess.run([TERSER, "--compress", "--mangle"], input=text, capture_output=True, text=True, check=True)
    return done.stdout


if __name__ == "__main__":
    for line in minify_js(sys.argv[1]):
        print(line)
