"""Numbering schemes a user brings: named by file, embedded in the book, chosen on the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from motions import parse_rulebook
from motions.book.load import load_rulebook
from motions.book.numbering import parse_scheme
from motions.cli import main
from motions.errors import MotionsError

# A custom scheme that reuses a shipped scheme's name: "Article 1", then "1.1", then "(a)".
CUSTOM = """\
name = "labour"
description = "articles, not chapters"

[[levels]]
name = "article"
style = "arabic"
markers = ["Article {label}"]
long = "Article {label}"
compact = "A{label}"
heading = true

[[levels]]
name = "paragraph"
style = "arabic"
markers = ["{parent}.{label}"]

[[levels]]
name = "point"
style = "lower-letter"
markers = ["({label})"]
"""

BOOK = """\
Title: Articles
Scheme: {scheme}

Article 1 Name
1.1 The body is called the Body.
1.2 It has objects:
(a) to meet;
(b) to decide.
"""


def test_a_custom_scheme_with_a_shipped_name_gets_its_own_grammar() -> None:
    custom = parse_scheme(CUSTOM, filename="custom.toml")
    assert custom.name == "labour"
    parse_rulebook("Chapter 1 General\nClause I. Name\n1. A rule.\n")  # shipped grammar first
    book = parse_rulebook(BOOK.format(scheme="labour"), scheme=custom)
    assert [p.label for p in book.walk()] == ["1", "1", "2", "a", "b"]


def test_a_scheme_header_naming_a_file_is_read_beside_the_book(tmp_path: Path) -> None:
    (tmp_path / "articles.toml").write_text(CUSTOM, encoding="utf-8")
    path = tmp_path / "book.txt"
    path.write_text(BOOK.format(scheme="articles.toml"), encoding="utf-8")
    book = load_rulebook(path)
    assert len(book) == 5
    # Rendered back, the book carries its scheme: the text alone reads back the same.
    again = parse_rulebook(book.render())
    assert again == book and len(again) == 5


@pytest.mark.parametrize("where", ["../articles.toml", "/etc/articles.toml", "sub/../../a.toml"])
def test_a_scheme_header_may_not_reach_outside_the_books_folder(tmp_path: Path, where: str) -> None:
    (tmp_path / "articles.toml").write_text(CUSTOM, encoding="utf-8")
    folder = tmp_path / "books"
    folder.mkdir()
    path = folder / "book.txt"
    path.write_text(BOOK.format(scheme=where), encoding="utf-8")
    with pytest.raises(MotionsError) as caught:
        load_rulebook(path)
    assert caught.value.diagnostics[0].code == "scheme-outside"
    result = CliRunner().invoke(main, ["outline", "--rulebook", str(path)])
    assert result.exit_code == 2
    assert "outside the rule book's folder" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("9" * 1000, "scheme-unknown"),  # longer than a file name may be
        ("union\0", "scheme-unknown"),
        ("a\0b.toml", "scheme-unreadable"),
        ("sub/" + "9" * 5000 + ".toml", "scheme-unreadable"),
    ],
)
def test_a_scheme_header_no_file_system_takes_is_our_error(
    tmp_path: Path, name: str, code: str
) -> None:
    """Any text in the header is a name we refuse with our error, never the operating
    system's (a 1,000-digit name made `Path.is_file` raise "File name too long")."""
    path = tmp_path / "book.txt"
    path.write_text(BOOK.format(scheme=name), encoding="utf-8")
    with pytest.raises(MotionsError) as caught:
        load_rulebook(path)
    assert caught.value.diagnostics[0].code == code
    result = CliRunner().invoke(main, ["outline", "--rulebook", str(path)])
    assert result.exit_code == 2
    assert f"error[{code}]" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_book_command_takes_a_scheme_option(tmp_path: Path) -> None:
    (tmp_path / "articles.toml").write_text(CUSTOM, encoding="utf-8")
    path = tmp_path / "book.txt"
    path.write_text(BOOK.format(scheme="union"), encoding="utf-8")
    scheme = str(tmp_path / "articles.toml")
    shown = CliRunner().invoke(main, ["outline", "--rulebook", str(path), "--scheme", scheme])
    assert shown.exit_code == 0, shown.stderr
    assert "Article 1 Name" in shown.stdout and "1.2 It has objects" in shown.stdout
    # Without the option the header's scheme (union) cannot read this book: exit 2.
    assert CliRunner().invoke(main, ["outline", "--rulebook", str(path)]).exit_code == 2
    unknown = CliRunner().invoke(main, ["outline", "--scheme", "labor"])
    assert unknown.exit_code == 2 and "did you mean 'labour'" in unknown.stderr


# -- the shapes of real documents -----------------------------------------------------------------

LICENCE_SCHEME = """\
name = "licence"

[[levels]]
name = "section"
style = "arabic"
markers = ["{label}."]
long = "section {label}"
heading = true
start = 0

[[levels]]
name = "subsection"
style = "arabic"
markers = ["{parent}.{label}."]

[[levels]]
name = "point"
style = "lower-letter"
markers = ["({label})"]
"""

LICENCE = """\
Title: A licence

0. Definitions
0.1. "You" means the licensee.
0.2. "Work" means:
  (a) the program; and
  (b) its documentation.
1. Grant
1.1. You may copy the Work.
2. No warranty
2.1. There is none.
2.2. None at all.
"""


def test_a_bare_number_top_level_starting_at_zero_with_dotted_children() -> None:
    scheme = parse_scheme(LICENCE_SCHEME, filename="licence.toml")
    assert scheme.levels[0].keyword is None and scheme.levels[0].start == 0
    book = parse_rulebook(LICENCE, scheme=scheme)
    assert [p.address.labels for p in book.walk()] == [
        ("0",), ("0", "1"), ("0", "2"), ("0", "2", "a"), ("0", "2", "b"),
        ("1",), ("1", "1"), ("2",), ("2", "1"), ("2", "2"),
    ]  # fmt: skip
    assert [t.heading for t in book.children] == ["Definitions", "Grant", "No warranty"]
    assert parse_rulebook(book.render()) == book  # the scheme travels with the book


def test_a_bare_top_out_of_sequence_is_an_error_not_a_silent_merge() -> None:
    scheme = parse_scheme(LICENCE_SCHEME, filename="licence.toml")
    with pytest.raises(MotionsError) as caught:
        parse_rulebook(LICENCE.replace("2. No warranty", "3. No warranty"), scheme=scheme)
    assert "3." in caught.value.diagnostics[0].message


def test_a_parent_label_that_is_not_arabic() -> None:
    scheme = parse_scheme(
        LICENCE_SCHEME.replace('style = "arabic"\nmarkers = ["{label}."]', 'style = "upper-letter"'
                               '\nmarkers = ["Appendix {label}"]').replace("start = 0", ""),
        filename="appendices.toml",
    )  # fmt: skip
    book = parse_rulebook("Appendix A Forms\nA.1. The first form.\nA.2. The second.\n"
                          "Appendix B Fees\nB.1. The fee.\n", scheme=scheme)  # fmt: skip
    assert [p.address.labels for p in book.walk()] == [
        ("A",),
        ("A", "1"),
        ("A", "2"),
        ("B",),
        ("B", "1"),
    ]
    with pytest.raises(MotionsError) as caught:
        parse_rulebook("Appendix A Forms\nA.1. One.\nAppendix B Fees\nA.2. Misfiled.\n",
                       scheme=scheme)  # fmt: skip
    assert caught.value.diagnostics[0].code == "outline-wrong-parent"


def test_import_infers_the_scheme_and_the_output_reads_back_alone(tmp_path: Path) -> None:
    from motions.importers.export import export_docx

    scheme = parse_scheme(LICENCE_SCHEME, filename="licence.toml")
    book = parse_rulebook(LICENCE, scheme=scheme)
    docx = export_docx(book, tmp_path / "licence.docx")
    printed = CliRunner().invoke(main, ["import", str(docx), "--print-scheme"])
    assert printed.exit_code == 0, printed.stderr
    inferred = parse_scheme(printed.stdout, filename="printed.toml")
    assert [level.start for level in inferred.levels] == [0, 1, 1]
    assert inferred.levels[0].heading and inferred.levels[1].markers == ("{parent}.{label}.",)
    out = tmp_path / "out" / "licence.txt"
    out.parent.mkdir()
    done = CliRunner().invoke(main, ["import", str(docx), "-o", str(out)])
    assert done.exit_code == 0, done.stderr
    # Nothing beside the output: the scheme travels inside it.
    assert sorted(p.name for p in out.parent.iterdir()) == ["licence.txt"]
    shown = CliRunner().invoke(main, ["outline", "--rulebook", str(out)])
    assert shown.exit_code == 0, shown.stderr
    assert '0.2. "Work" means:' in shown.stdout
    again = load_rulebook(out)
    assert [p.address.labels for p in again.walk()] == [p.address.labels for p in book.walk()]
    assert [p.text for p in again.walk()] == [p.text for p in book.walk()]
    # --scheme overrides the inference; a shipped name that does not fit fails with exit 2.
    forced = CliRunner().invoke(main, ["import", str(docx), "--scheme", "labour"])
    assert forced.exit_code == 2
    assert "Traceback" not in forced.stderr


def test_the_edition_diff_reads_both_books_with_the_scheme_given(tmp_path: Path) -> None:
    (tmp_path / "articles.toml").write_text(CUSTOM, encoding="utf-8")
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text(BOOK.format(scheme="union"), encoding="utf-8")
    new.write_text(BOOK.format(scheme="union").replace("to decide", "to resolve"), "utf-8")
    scheme = str(tmp_path / "articles.toml")
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--scheme", scheme])
    assert result.exit_code == 1, result.stderr  # 1: something changed
    assert "resolve" in result.stdout
