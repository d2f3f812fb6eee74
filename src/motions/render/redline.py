"""Redlines as terminal text, unified diff, Markdown, HTML and JSON."""

from __future__ import annotations

import difflib
import html
import json
import os
from typing import IO

from motions.drafting.redline import PLAIN_MARKS, Kind, Redline
from motions.render.markdown import marked, md_escape

# ANSI: deletions red and struck through, insertions green and underlined.
_ANSI = {Kind.DELETE: "\x1b[31;9m", Kind.INSERT: "\x1b[32;4m"}
_RESET = "\x1b[0m"


def use_colour(stream: IO[str] | None = None, *, force: bool | None = None) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if force is not None:
        return force
    if os.environ.get("NO_COLOR"):
        return False
    return bool(stream is not None and hasattr(stream, "isatty") and stream.isatty())


def terminal(redline: Redline, *, colour: bool) -> str:
    out = []
    for segment in redline.segments:
        if segment.kind is Kind.SAME:
            out.append(segment.text)
        elif colour:
            out.append(f"{_ANSI[segment.kind]}{segment.text}{_RESET}")
        else:
            opening, closing = PLAIN_MARKS[segment.kind]
            out.append(f"{opening}{segment.text}{closing}")
    return "".join(out)


def markdown(redline: Redline) -> str:
    """~~deleted~~ and **inserted** words, every piece escaped (`render.markdown.md_escape`)."""
    out = []
    for segment in redline.segments:
        if segment.kind is Kind.SAME or not segment.text.strip():
            out.append(md_escape(segment.text))
        else:
            out.append(marked(segment.text, "~~" if segment.kind is Kind.DELETE else "**"))
    return "".join(out)


def html_fragment(redline: Redline) -> str:
    out = []
    for segment in redline.segments:
        text = html.escape(segment.text)
        if segment.kind is Kind.SAME:
            out.append(text)
        elif segment.kind is Kind.DELETE:
            out.append(f"<del>{text}</del>")
        else:
            out.append(f"<ins>{text}</ins>")
    return "".join(out)


def unified(redline: Redline, *, name: str = "rule", context: int = 3) -> str:
    before = redline.before.splitlines(keepends=True) or [""]
    after = redline.after.splitlines(keepends=True) or [""]
    before = [line if line.endswith("\n") else line + "\n" for line in before]
    after = [line if line.endswith("\n") else line + "\n" for line in after]
    return "".join(difflib.unified_diff(before, after, f"a/{name}", f"b/{name}", n=context))


def json_text(redline: Redline) -> str:
    return json.dumps(redline.to_json(), ensure_ascii=False)
