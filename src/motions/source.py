"""Source text and positions in it.

A `Span` is where something came from: a file name, a 1-based line and column, and a length.
It keeps the line's text so a diagnostic can print the line and a caret without reopening the
file. Spans are left out of equality everywhere (see `attrs.field(eq=False)` on the models), so
two trees parsed from differently spaced text compare equal.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class Span:
    """A stretch of one line of some source: 1-based `line` and `column`, `length` characters."""

    filename: str
    line: int
    column: int
    length: int = 1
    line_text: str = attrs.field(default="", repr=False)

    def where(self) -> str:
        """`file:line:col`, the form editors and terminals turn into links."""
        return f"{self.filename}:{self.line}:{self.column}"

    def excerpt(self) -> str:
        """The source line and a caret under the span, indented for a diagnostic."""
        if not self.line_text:
            return ""
        text = self.line_text.rstrip("\n").expandtabs(1)
        gutter = f"{self.line:>5} | "
        pad = " " * (len(gutter) - 2) + "| "
        width = max(1, min(self.length, max(1, len(text) - self.column + 1)))
        return f"{gutter}{text}\n{pad}{' ' * (self.column - 1)}{'^' * width}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.filename,
            "line": self.line,
            "column": self.column,
            "length": self.length,
        }


@attrs.frozen
class Source:
    """A named text, with line lookup for turning offsets into spans."""

    text: str
    filename: str = "<input>"
    #: Lines of the file before this text (a motion that is one of many in an agenda file).
    line_offset: int = 0
    _line_starts: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        position = find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = find("\n", position + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its newline."""
        start = self._line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def span_at(self, offset: int, length: int = 1) -> Span:
        """The span starting at character `offset`, clipped to its line for display."""
        import bisect

        offset = max(0, min(offset, len(self.text)))
        line_index = bisect.bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[line_index] + 1
        return Span(
            filename=self.filename,
            line=line_index + 1 + self.line_offset,
            column=column,
            length=max(1, length),
            line_text=self.line_text(line_index + 1),
        )
