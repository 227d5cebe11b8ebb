"""tools/layout.py: the table of contents read as numbered chapters and appendix notebooks."""

import layout
from smallbook import VALUE, make_book, run


def test_chapters_are_numbered_as_the_book_numbers_them(tmp_path):
    root = make_book(tmp_path, [VALUE], [VALUE])
    toc = (root / "_toc.yml").read_text()
    (root / "book" / "02_page.md").write_text("# A page without code\n")
    (root / "_toc.yml").write_text(
        toc.replace(
            "      - file: book/02_chapter",
            "      - file: book/02_page\n      - file: book/02_chapter",
        )
    )
    assert [(c.number, c.title) for c in layout.chapters(root)] == [(1, "Topic 1"), (3, "Topic 2")]


def test_a_toc_entry_without_a_file_is_an_error(tmp_path):
    root = make_book(tmp_path, [VALUE])
    (root / "book" / "01_chapter.ipynb").unlink()
    result = run(root)
    assert (
        result.returncode == 2
        and "_toc.yml lists book/01_chapter, but there is no" in result.stderr
    )


def test_an_appendix_notebook_starts_where_the_last_chapter_ended(tmp_path):
    root = make_book(tmp_path, [VALUE], [VALUE])
    (root / "book" / "extra.ipynb").write_text((root / "book" / "01_chapter.ipynb").read_text())
    with (root / "_toc.yml").open("a") as toc:
        toc.write("  - caption: Appendix\n    chapters:\n      - file: book/extra\n")
    extra = layout.notebooks(root)[-1]
    assert (extra.path.name, extra.number, extra.start) == ("extra.ipynb", None, 3)
    assert run(root, "--list").stdout.split() == [
        "book/01_chapter.ipynb",
        "book/02_chapter.ipynb",
        "book/extra.ipynb",
    ]
