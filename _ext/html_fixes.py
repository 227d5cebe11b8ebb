"""Small HTML fixes for the book, a Sphinx extension (see _config.yml).

Inline scripts registered after the HTML builder starts (sphinx-thebe's
`const THEBE_JS_URL = ...`, sphinx-togglebutton's selector) are written twice by
Sphinx 7.4: once as registered (file name None) and once re-read from the
registry (file name ""), which Sphinx does not see as the same asset. The second
`const` declaration throws "Identifier 'THEBE_JS_URL' has already been declared"
in every page's console. Sphinx 8.2 fixed this upstream (sphinx-doc/sphinx#13402),
but Jupyter Book 1.x needs Sphinx 7, so each page keeps only the first copy of
every script here.
"""


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


def setup(app):
    app.connect("html-page-context", drop_duplicate_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
