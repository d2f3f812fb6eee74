"""Markdown escaping for the sheets: every value is text, never markup, a link or a list."""

from __future__ import annotations

from collections.abc import Iterable

from motions.brief.words import clean
from motions.drafting.redline import Kind, Segment
from motions.render.markdown import marked
from motions.render.markdown import md_escape as escape_markdown


class MdSafe(str):
    """Markdown that is already escaped (the renderer's own markup around escaped text)."""

    __slots__ = ()


def md_escape(text: str) -> str:
    """`text` safe inside Markdown, bidirectional controls stripped first (one escaping for
    every Markdown renderer: `motions.render.markdown`)."""
    return escape_markdown(clean(text))


def _md_inline(text: str) -> str:
    return md_escape(" ".join(text.split()))


def md_finalize(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return _md_inline(str(value))


def md_redline(segments: Iterable[Segment]) -> MdSafe:
    """A redline as a Markdown blockquote: ~~deleted~~ and **inserted**, line by line."""
    lines: list[str] = [""]
    for segment in segments:
        pieces = segment.text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                lines.append("")
            if segment.kind is Kind.SAME:
                lines[-1] += md_escape(piece)
            else:
                lines[-1] += marked(clean(piece), "~~" if segment.kind is Kind.DELETE else "**")
    return MdSafe("\\\n".join("> " + line.strip() for line in lines))


def md_quote(text: str) -> MdSafe:
    """`text` as a Markdown blockquote, its line breaks kept."""
    return MdSafe("\\\n".join("> " + md_escape(line.strip()) for line in text.split("\n")))


def md_url(href: str) -> MdSafe:
    """A link target we made ourselves (safe file names): spaces and brackets encoded."""
    return MdSafe(href.replace(" ", "%20").replace("(", "%28").replace(")", "%29"))


def tidy(text: str) -> str:
    """No runs of blank lines, no trailing spaces, one final newline.

    A line at a time, not with regular expressions: `[ \\t]+\\n` tries a match at every space
    of a 100 kB sheet, which made tidying most of the time Markdown sheets took."""
    lines: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = line.rstrip(" \t")
        if not line:
            if blank:
                continue
            blank = True
        else:
            blank = False
        lines.append(line)
    return "\n".join(lines).strip() + "\n"
