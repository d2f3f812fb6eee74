"""Building frozen values without their `__init__`: for the few the rule-book parser and the
conflict check make by the thousand (`Provision`, `Address`, `Span`).

An attrs frozen class's `__init__` is a Python function that sets each slot through
`object.__setattr__`; calling the class costs about twice setting the slots directly, and
setting them through a writable stand-in (`builder`) costs half of that again. That matters
when a parse makes four values per line of the book. The values made here are the same
values, field for field (tests compare them with the constructor's): a builder is only for a
class whose fields have no converter, validator or default factory to run and whose post-init
(if any) the caller has already done; `slot_setters` and `builder` refuse a class whose fields
are not the ones its builder was written for, so a new field cannot be silently left unset.
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


def builder(cls: type, names: tuple[str, ...], *, checked: bool = False) -> Any:
    """A writable stand-in for frozen `cls`: build a value as `value = object.__new__(B)`, set
    every one of `names` as a plain attribute, then `value.__class__ = cls`. The result is a
    `cls` like any other (its type, fields, equality and hash are the class's own).

    Why: setting a frozen value's slots through their descriptors' `__set__` is a call with an
    argument tuple each (about 65 ns); the stand-in is a subclass with no slots of its own and
    `object`'s `__setattr__` and `__delattr__` (both: they share one type slot), so Python
    stores each attribute straight into its slot (a specialised instruction, a few ns), and the
    one `__class__` assignment costs about two setter calls. A provision of eight fields is
    built in under half the time. `names` must be the class's fields in order, as for
    `slot_setters` (the same checks), so a new field cannot be silently left unset."""
    slot_setters(cls, names, checked=checked)
    return type(
        f"{cls.__name__}Builder",
        (cls,),
        {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,
            "__module__": cls.__module__,
            "__doc__": f"A `{cls.__name__}` being built (`motions.book.values.builder`).",
        },
    )


_new = object.__new__

#: `Span` being built (`builder`): `span_of`, and the parser's `new_node`, which repeats it.
SpanBuilder = builder(Span, ("filename", "line", "column", "length", "line_text"))


def span_of(filename: str, line: int, column: int, length: int, line_text: str) -> Span:
    """`Span(filename, line, column, length, line_text)`, built directly."""
    span = _new(SpanBuilder)
    span.filename = filename
    span.line = line
    span.column = column
    span.length = length
    span.line_text = line_text
    span.__class__ = Span
    return span  # type: ignore[no-any-return]
