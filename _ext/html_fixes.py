"""Small HTML fixes for the book, a Sphinx extension (see _config.yml).

Inline scripts registered after the HTML builder starts (sphinx-thebe's
`const THEBE_JS_URL = ...`, sphinx-togglebutton's selector) are written twice by
Sphinx 7.4: once as registered (file name None) and once re-read from the
registry (file name ""), which Sphinx does not see as the same asset. The second
`const` declaration throws "Identifier 'THEBE_JS_URL' has already been declared"
in every page's console. Sphinx 8.2 fixed this upstream (sphinx-doc/sphinx#13402),
but Jupyter Book 1.x needs Sphinx 7, so each page keeps only the first copy of
every script here.

pydata-sphinx-theme 0.15 also preloads its three icon fonts with
`<link rel="preload" as="font" crossorigin>` on every page. Opened from disk
(file://), Chromium refuses a cross-origin font request, so each page logs three
failed requests. The icons do not need the preload (the theme's stylesheet loads
the fonts it uses when it uses them), so the finished pages lose those links.
"""

import re
from pathlib import Path

FONT_PRELOAD = re.compile(r'[ \t]*<link rel="preload" as="font"[^>]*fontawesome[^>]*/>\n?')


def _key(script):
    attributes = getattr(script, "attributes", {})
    return (
        getattr(script, "filename", None) or "",
        getattr(script, "priority", None),
        tuple(sorted((k, str(v)) for k, v in attributes.items())),
    )


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique  # the builder's own list: Sphinx restores it after each page


def drop_font_preloads(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "fontawesome" in text:
            cleaned = FONT_PRELOAD.sub("", text)
            if cleaned != text:
                page.write_text(cleaned, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", drop_duplicate_scripts)
    app.connect("build-finished", drop_font_preloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
