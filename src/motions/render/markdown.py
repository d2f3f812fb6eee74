"""The one Markdown escaping every Markdown renderer uses (commands, editions, briefings).

Rule-book text, motion titles and diagnostics are untrusted: a title `<img src=x onerror=...>`
or a quoted `<script>` must come out as text, in a web app that turns our Markdown into HTML
as much as in a terminal. `md_escape` makes any text inert: HTML is entity-escaped, and
emphasis, code, links, tables, headings and list markers it did not mean are backslashed.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]~|#])")
#: What would start a list item or a heading underline at the start of a line.
_MD_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))(?=\s|$)", re.MULTILINE)
_ENTITY = re.compile(r"&(?=#?\w+;)")


def md_escape(text: str) -> str:
    """`text` safe inside Markdown: no HTML, no emphasis, links or lists it did not mean."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_BLOCK_START.sub(_unblock, text)


def _unblock(match: re.Match[str]) -> str:
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


def marked(text: str, mark: str) -> str:
    """`text` escaped and wrapped in `mark` (~~ or **), keeping outer spaces outside it."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{md_escape(core)}{mark}{trail}"


def code(text: str) -> str:
    """`text` as inline code, fenced with more backticks than it contains."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
