"""Release builds only: writes <file>.br (brotli, quality 11) and <file>.gz (gzip -9) next to each
hashed wasm, JS and CSS file of the staged dist, so the server sends them as they are instead of
compressing on every request (nginx `brotli_static`/`gzip_static` in deploy/nginx/, and the
simulator's static hosting). Called at the end of the post_build hook
(scripts/externalize_loader.py: Trunk runs hooks of one stage concurrently, and the loader file
must exist first); runnable alone as `python3 scripts/precompress.py DIR`.

Brotli comes from Debian's `brotli` command (scripts/bootstrap.sh installs it); gzip from
Python's zlib at level 9 with no name or time stored, so the files are reproducible.
"""
import gzip
import os
import re
import shutil
import subprocess
import sys

# The hashed bundles: name-<12 to 16 hex digits>[_bg].ext, as the nginx config caches them.
HASHED = re.compile(r"-[0-9a-f]{12,16}(_bg)?\.(js|wasm|css)$")


def precompress(directory):
    brotli = shutil.which("brotli")
    if not brotli:
        sys.exit("precompress: no `brotli` command (Debian package brotli; scripts/bootstrap.sh installs it)")
    written = []
    for name in sorted(os.listdir(directory)):
        if not HASHED.search(name):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as f:
            data = f.read()
        with open(path + ".gz", "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=f, mtime=0) as z:
                z.write(data)
        subprocess.run([brotli, "--quality=11", "--force", "--output=" + path + ".br", path], check=True)
        written.append(f"{name} {len(data)} -> br {os.path.getsize(path + '.br')}, gz {os.path.getsize(path + '.gz')}")
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: precompress.py DIR")
    for line in precompress(sys.argv[1]):
        print(f"precompress: {line}")
