"""Source text and positions in it.

A `Span` is where something came from: a file name, a 1-based line and column, and a length.
It keeps the line's text so a diagnostic can print the line and a caret without reopening the
file. Spans made by one `Source` share its line strings (never a copy per span): a parsed
agenda of 100,000 motions holds each source line once, however many spans point into it.
Spans are left out of equality everywhere (see `attrs.field(eq=False)` on the models), so
two trees parsed from differently spaced text compare equal.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from operator import attrgetter
from typing import Any

import attrs


def constructed(value: Any) -> tuple[type, tuple[object, ...]]:
    """A `__reduce__` for frozen attrs values whose fields are all constructor arguments: pickled
    as a call of the constructor with the fields in order.

    attrs' own pickling of slotted classes sets each field through a Python `__setstate__`,
    about four times slower than the constructor; a process that reads the motions of 100,000
    files back from its parse workers unpickles millions of these values. The fields are read
    by one `operator.attrgetter` per class (made on first use), in C.
    """
    cls = type(value)
    getter = _GETTERS.get(cls)
    if getter is None:
        getter = _GETTERS[cls] = _fields_getter(cls)
    return cls, getter(value)


#: Per class, a function of a value giving its fields in order, as a tuple.
_GETTERS: dict[type, Callable[[Any], tuple[object, ...]]] = {}


def _fields_getter(cls: type) -> Callable[[Any], tuple[object, ...]]:
    names = [field.name for field in cls.__attrs_attrs__]  # type: ignore[attr-defined]
    if len(names) == 1:  # attrgetter of one name gives the value itself, not a tuple
        one = attrgetter(names[0])
        return lambda value: (one(value),)
    return attrgetter(*names)


@attrs.frozen
class Span:
    """A stretch of one line of some source: 1-based `line` and `column`, `length` characters."""

    filename: str
    line: int
    column: int
    length: int = 1
    line_text: str = attrs.field(default="", repr=False)

    __reduce__ = constructed

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
    #: The text's lines without their breaks, made once on the first span (shared by spans).
    _lines: list[str] | None = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        position = find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = find("\n", position + 1)
        object.__setattr__(self, "_line_starts", tuple(starts))

    def _all_lines(self) -> list[str]:
        lines = self._lines
        if lines is None:
            lines = self.text.split("\n")
            object.__setattr__(self, "_lines", lines)
        return lines

    def line_text(self, line: int) -> str:
        """The text of 1-based `line`, without its newline."""
        return self._all_lines()[line - 1]

    def span_at(self, offset: int, length: int = 1) -> Span:
        """The span starting at character `offset`, clipped to its line for display."""
        offset = max(0, min(offset, len(self.text)))
        starts = self._line_starts
        line_index = bisect_right(starts, offset) - 1
        return Span(
            self.filename,
            line_index + 1 + self.line_offset,
            offset - starts[line_index] + 1,
            length if length > 1 else 1,
            self._all_lines()[line_index],
        )
