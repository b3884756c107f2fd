"""Trunk post_build hook: move Trunk's inline wasm loader <script> into loader-<hash>.js.

It first has scripts/split_wasm.py cut the lazily loaded pages out of the main wasm.

A strict Content-Security-Policy (script-src 'self') refuses inline scripts. Trunk writes one
inline module script that imports the bindings and starts the wasm; this hook saves its body as a
file next to index.html and replaces the inline tag by <script type="module" src=...>. The file
starts with web/crash.js, the crash screen that answers a trap of the wasm.
It also drops Trunk's nonce placeholders, which are meaningless for static hosting, and records
the public path of the build (`trunk build --public-url /automation/`) in a <meta> the app reads
as its router base, so a build made for a sub-path routes there.
A release build then gets its stylesheets joined into one (scripts/bundle_css.py), its JS
bindings minified (scripts/minify_js.py) and its hashed files precompressed
(scripts/precompress.py), here because Trunk runs the hooks of one stage at the same time and the
loader file must exist first.
"""
import hashlib
import html as html_text
import json
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("TRUNK_STAGING_DIR is not set: run this from Trunk's post_build hook")
public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
index_path = os.path.join(staging, "index.html")

# First the lazily loaded pages out of the main wasm (it rewrites the bindings, the wasm and their
# integrity in index.html).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from split_wasm import split_wasm

for line in split_wasm(staging, os.environ.get("TRUNK_PROFILE", "debug")):
    print(f"split_wasm: {line}")

with open(index_path, encoding="utf-8") as f:
    html = f.read()

html = re.sub(r'\s+nonce="[^"]*"', "", html)
pattern = re.compile(r'<script type="module">(.*?)</script>', re.S)
scripts = pattern.findall(html)
if len(scripts) != 1:
    sys.exit(f"expected exactly one inline module script in index.html, found {len(scripts)}")
# Starting the wasm can fail (a browser without WebAssembly SIMD, which the list's search uses,
# or a download cut short): the static shell's "Loading…" then says so instead of staying.
lines = scripts[0].strip().splitlines()
imports = [line for line in lines if line.startswith("import ")]
start = "\n".join("  " + line for line in lines if not line.startswith("import ") and line.strip())
# web/crash.js first: the crash screen listens for the wasm's traps before the wasm starts.
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "web", "crash.js"), encoding="utf-8") as f:
    crash = f.read()
if os.environ.get("TRUNK_PROFILE") == "release":
    from minify_js import minify_script

    crash = minify_script(crash)
body = "\n".join(imports) + "\n" + crash.strip() + f"""
try {{
{start}
}} catch (error) {{
  const status = document.querySelector("#boot .boot-loading");
  if (status) {{
    status.textContent = "Zephyr Jobs could not start. It needs a browser that runs WebAssembly with SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4 or later), and the whole download: reload the page to try again.";
  }}
  throw error;
}}
"""
digest = hashlib.sha256(body.encode()).hexdigest()[:16]
name = f"loader-{digest}.js"
with open(os.path.join(staging, name), "w", encoding="utf-8") as f:
    f.write(body)
if not public_url.endswith("/"):
    public_url += "/"
public_path = html_text.escape(public_url, quote=True)
html = pattern.sub(
    f'<meta name="zephyr-jobs-public-path" content="{public_path}" />\n'
    f'<script type="module" src="{public_path}{name}"></script>',
    html,
    count=1,
)

# The job list's early request (web/prefetch.js), with the API base the app was built with
# (`ZEPHYR_API_BASE`, as src/api/client.rs reads it) and the public path filled in. Async (it
# must not hold up the static shell's first paint), of high priority (an async script is
# otherwise fetched after the stylesheets and the wasm) and ahead of them.
api_base = os.environ.get("ZEPHYR_API_BASE", "/flex/services/rest")
# web/first_rows.js follows in the same file (one request on the critical path of a slow link):
# it draws the list's first page from that request's answer when the answer comes first.
prefetch = ""
for part in ("prefetch.js", "first_rows.js"):
    with open(os.path.join(root, "web", part), encoding="utf-8") as f:
        prefetch += f.read()
prefetch = prefetch.replace("__API_BASE__", json.dumps(api_base)).replace(
    "__PUBLIC_PATH__", json.dumps(public_url)
)
if os.environ.get("TRUNK_PROFILE") == "release":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from minify_js import minify_script

    prefetch = minify_script(prefetch)
prefetch_name = f"prefetch-{hashlib.sha256(prefetch.encode()).hexdigest()[:16]}.js"
with open(os.path.join(staging, prefetch_name), "w", encoding="utf-8") as f:
    f.write(prefetch)
html, found = re.subn(
    r"(<title>.*?</title>)",
    lambda m: m.group(1) + f'\n    <script async fetchpriority="high" src="{public_path}{prefetch_name}"></script>',
    html,
    count=1,
    flags=re.S,
)
if found != 1:
    sys.exit("expected a <title> in index.html to put the list's early request after")

with open(index_path, "w", encoding="utf-8") as f:
    f.write(html)
print(f"externalize_loader: wrote {name} and {prefetch_name}")

if os.environ.get("TRUNK_PROFILE") == "release":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from bundle_css import bundle_css
    from minify_js import minify_js
    from precompress import precompress

    for line in bundle_css(staging):
        print(f"bundle_css: {line}")
    for line in minify_js(staging):
        print(f"minify_js: {line}")
    for line in precompress(staging):
        print(f"precompress: {line}")
