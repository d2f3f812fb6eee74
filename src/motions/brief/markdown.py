"""Markdown escaping for the sheets: every value is text, never markup, a link or a list."""

from __future__ import annotations

import re
from collections.abc import Iterable

from motions.brief.words import clean
from motions.drafting.redline import Kind, Segment


class MdSafe(str):
    """Markdown that is already escaped (the renderer's own markup around escaped text)."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|#])")
#: What would start a list item or a heading underline at the start of a line.
_MD_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))(?=\s|$)", re.MULTILINE)
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(text: str) -> str:
    """`text` safe inside Markdown: no HTML, no emphasis, links or lists it did not mean."""
    text = _ENTITY.sub("&amp;", clean(text)).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_BLOCK_START.sub(_unblock, text)


def _unblock(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def _md_inline(text: str) -> str:
    return md_escape(" ".join(text.split()))


def md_finalize(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return _md_inline(str(value))


def _marked(text: str, mark: str) -> str:
    """`text` escaped and wrapped in `mark` (~~ or **), keeping outer spaces outside it."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{md_escape(core)}{mark}{trail}"


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
                lines[-1] += _marked(piece, "~~" if segment.kind is Kind.DELETE else "**")
    return MdSafe("\\\n".join("> " + line.strip() for line in lines))


def md_quote(text: str) -> MdSafe:
    """`text` as a Markdown blockquote, its line breaks kept."""
    return MdSafe("\\\n".join("> " + md_escape(line.strip()) for line in text.split("\n")))


def md_url(href: str) -> MdSafe:
    """A link target we made ourselves (safe file names): spaces and brackets encoded."""
    return MdSafe(href.replace(" ", "%20").replace("(", "%28").replace(")", "%29"))


def tidy(text: str) -> str:
    """No runs of blank lines, no trailing spaces, one final newline."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
