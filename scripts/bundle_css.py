"""Release builds only: joins the staged stylesheets into one file, in the order index.html links
them (so the cascade is unchanged), without comments or indentation, and links that file instead.

Why (issue #15, P1 transfer size): nine stylesheets compressed one by one were 14.4 kB gzip -9;
one file lets the compressor share the words the files have in common, and the comments and
indentation are for whoever edits style/, not for the browser (together 7.7 kB). The sources stay
split by area in style/. Called from the post_build hook (scripts/externalize_loader.py) before
precompress, so the bundle gets its .br and .gz; runnable alone as
`python3 scripts/bundle_css.py DIR`.

Only safe rewrites: comments (style/ has no "/*" inside a string) and the whitespace at the ends
of lines; a line's own spacing is kept, so no token ever touches another.
"""
import base64
import hashlib
import os
import re
import sys

# Trunk's stylesheet links: <link rel="stylesheet" href="/base-<hash>.css" integrity="..."/>
LINK = re.compile(r'[ \t]*<link rel="stylesheet" href="([^"]*?)([^"/]+\.css)"[^>]*>\n?')
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def bundle_css(directory):
    index_path = os.path.join(directory, "index.html")
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    links = LINK.findall(html)
    if len(links) < 2:
        return [f"{len(links)} stylesheet(s), nothing to join"]
    parts = []
    for _, name in links:
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            parts.append(COMMENT.sub("", f.read()))
    lines = (line.strip() for part in parts for line in part.splitlines())
    css = "\n".join(line for line in lines if line) + "\n"
    data = css.encode("utf-8")
    name = f"style-{hashlib.sha256(data).hexdigest()[:16]}.css"
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)
    integrity = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
    prefix = links[0][0]
    tag = f'<link rel="stylesheet" href="{prefix}{name}" integrity="{integrity}"/>\n'
    html = LINK.sub(lambda m: tag if m.group(2) == links[0][1] else "", html)
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    for _, old in links:
        os.remove(os.path.join(directory, old))
    return [f"{len(links)} stylesheets -> {name} ({len(data)} B)"]


if __name__ == "__main__":
    for line in bundle_css(sys.argv[1]):
        print(line)
