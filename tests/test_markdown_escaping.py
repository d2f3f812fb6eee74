"""Every Markdown renderer escapes what it did not write: titles, rule text, quoted words,
diagnostics. A tool that turns our Markdown into HTML must never get live HTML or links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from motions.cli import main
from motions.render.markdown import md_escape

HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
BOOK = """\
Title: <b>Hostile</b> Rules
Edition: 2026
Scheme: labour

Chapter 1 <script>alert('c')</script>

Clause I. *Objects* [here](javascript:alert(1))

1. The party shall <script>alert(1)</script> see Chapter 1, Clause I, rule 2.
2. Members _shall_ pay `dues` | and # more.
"""
MOTION = f"""\
Title: {HOSTILE_TITLE}
Proposer: [CLP](javascript:alert(1))

Chapter 4, Clause II, rule 2.B.i: delete '20 per cent' and insert '<script>x</script> per cent'.
"""


def _md(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--format", "md"])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _assert_inert(markdown: str) -> None:
    assert "<" not in markdown and ">" not in markdown.replace("\n>", "\n").removeprefix(">")
    assert not re.search(r"(?<!\\)\]\(", markdown), "a live link"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "book.txt").write_text(BOOK, encoding="utf-8")
    (tmp_path / "x.motion").write_text(MOTION, encoding="utf-8")
    other = BOOK.replace("see Chapter", "now see Chapter").replace("Edition: 2026", "Edition: 2027")
    (tmp_path / "book2.txt").write_text(other, encoding="utf-8")
    return {name: str(tmp_path / name) for name in ("book.txt", "book2.txt", "x.motion")}


def test_diff_markdown_escapes_titles_and_inserted_words(files: dict[str, str]) -> None:
    markdown = _md(["diff", files["x.motion"]])
    _assert_inert(markdown)
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown
    assert "**&lt;script&gt;x&lt;/script&gt;**" in markdown


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "C1.I.1"], "\\[here\\](javascript:alert(1))"),
        (["show", "C1.I.2"], "Members \\_shall\\_ pay \\`dues\\` \\| and \\# more."),
        (["outline", "--depth", "3"], "# &lt;b&gt;Hostile&lt;/b&gt; Rules (2026)"),
        (["refs", "C1.I.1"], "### Cites"),
    ],
)
def test_rule_book_markdown_escapes_the_books_text(
    args: list[str], expected: str, files: dict[str, str]
) -> None:
    markdown = _md([*args, "--rulebook", files["book.txt"]])
    _assert_inert(markdown)
    assert expected in markdown


def test_edition_diff_markdown_escapes(files: dict[str, str]) -> None:
    markdown = _md(["diff", files["book.txt"], files["book2.txt"]])
    _assert_inert(markdown)
    assert "&lt;script&gt;" in markdown


@given(st.text(alphabet=st.sampled_from("<>&*_`[]()#|~-+=1. \\ab\n"), max_size=40))
def test_escaped_text_has_no_markup_left(text: str) -> None:
    escaped = md_escape(text)
    assert "<" not in escaped and ">" not in escaped
    # every special character is preceded by a backslash (an odd run of them)
    for index, char in enumerate(escaped):
        if char in "*_`[]#|~" and index:
            run = len(escaped[:index]) - len(escaped[:index].rstrip("\\"))
            assert run % 2 == 1, (text, escaped)
