"""Building frozen values without their `__init__`: for the few the rule-book parser and the
conflict check make by the thousand (`Provision`, `Address`, `Span`).

An attrs frozen class's `__init__` is a Python function that sets each slot through
`object.__setattr__`; calling the class costs about twice setting the slots directly. That
matters when a parse makes four values per line of the book. The values made here are the same
values, field for field (tests compare them with the constructor's): a builder is only for a
class whose fields have no converter, validator or default factory to run and whose post-init
(if any) the caller has already done; `slot_setters` refuses a class whose fields are not
the ones its builder was written for, so a new field cannot be silently left unset.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from motions.source import Span

#: Sets one slot of a value: a slot descriptor's `__set__`, which frozen classes do not block.
Setter = Callable[[Any, Any], None]


def slot_setters(cls: type, names: tuple[str, ...], *, checked: bool = False) -> tuple[Setter, ...]:
    """The slot setters of `cls`'s fields, which must be exactly `names` in order. Unless
    `checked` (the builder repeats the class's own conversion and checks), no field may have a
    converter or a validator."""
    fields = attrs.fields(cls)
    if tuple(field.name for field in fields) != names:
        raise TypeError(f"{cls.__name__} has fields {[f.name for f in fields]}, not {names}")
    if not checked and any(f.converter or f.validator for f in fields):
        raise TypeError(f"{cls.__name__} converts or validates a field: build it with its class")
    return tuple(getattr(cls, name).__set__ for name in names)


_new = object.__new__

#: The slot setters of `Span` (`span_of`, and the parser's `new_node`, which repeats it).
SPAN_SLOTS = slot_setters(Span, ("filename", "line", "column", "length", "line_text"))


def span_of(filename: str, line: int, column: int, length: int, line_text: str) -> Span:
    """`Span(filename, line, column, length, line_text)`, built directly."""
    span = _new(Span)
    set_filename, set_line, set_column, set_length, set_text = SPAN_SLOTS
    set_filename(span, filename)
    set_line(span, line)
    set_column(span, column)
    set_length(span, length)
    set_text(span, line_text)
    return span
