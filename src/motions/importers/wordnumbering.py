"""Word's automatic numbering: the labels Word prints but does not store in the text.

A numbered paragraph says only `numPr`: a list instance (`numId`) and a level (`ilvl`), either
itself or through its style. `numbering.xml` maps each instance (`w:num`) to a definition
(`w:abstractNum`) whose levels (`w:lvl`) give a start value, a format (`decimal`, `upperRoman`,
`lowerLetter` ...), a text with placeholders (`"Clause %2."`: %n is level n's current value)
and when the level restarts (`lvlRestart`; by default after any level above it).

The counting follows Word and LibreOffice: an instance with a `startOverride` is a list of its
own, starting that level at its start value; an instance without one continues the counters
its definition used last. (pandoc gives every list its own instance with an override, so an
outer list continued after a nested one keeps its numbers; LibreOffice restarts a list with an
overriding instance and continues it with a plain one.) A definition may point
to a list style (`numStyleLink`) whose `numPr` names the instance that holds the real
definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from motions.book.numbering import to_letters, to_roman

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _val(element: Any, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}") if element is not None else None
    return None if child is None else child.get(f"{_W}val")


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


@attrs.frozen
class LevelDef:
    """One `w:lvl`: how a level counts and prints."""

    ilvl: int
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # lvlRestart: None = after any level above; 0 = never
    legal: bool = False  # isLgl: print every level's value in decimal
    style: str | None = None  # pStyle: the paragraph style linked to this level

    @classmethod
    def parse(cls, element: Any) -> LevelDef:
        restart = _val(element, "lvlRestart")
        return cls(
            ilvl=_int(element.get(f"{_W}ilvl"), 0),
            start=_int(_val(element, "start"), 1),
            fmt=_val(element, "numFmt") or "decimal",
            text=_val(element, "lvlText") or "",
            restart=None if restart is None else _int(restart, 0),
            legal=element.find(f"{_W}isLgl") is not None,
            style=_val(element, "pStyle"),
        )

    def restarts_after(self, used: int) -> bool:
        """Whether using level `used` (above this one) sets this level back to its start."""
        if self.restart is None:
            return used < self.ilvl
        return self.restart > 0 and used < self.restart


def format_number(value: int, fmt: str) -> str:
    """`value` in a Word number format; formats we do not know print as decimal."""
    if value < 1 and fmt not in ("decimal", "decimalZero"):
        return str(value)
    if fmt == "upperRoman":
        return to_roman(value).upper()
    if fmt == "lowerRoman":
        return to_roman(value)
    if fmt == "upperLetter":
        return to_letters(value).upper()
    if fmt == "lowerLetter":
        return to_letters(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


@attrs.frozen
class Label:
    """A computed label and what it is: Word's text, the level, and whether it is a bullet."""

    text: str
    ilvl: int
    bullet: bool = False


@attrs.define
class Numbering:
    """The definitions of one document, and its counters as the paragraphs are read in order."""

    abstracts: dict[str, dict[int, LevelDef]]
    links: dict[str, str]  # abstractNum id → the list style it points to (numStyleLink)
    instances: dict[str, str]  # numId → abstractNum id
    overrides: dict[str, dict[int, tuple[int | None, LevelDef | None]]]
    style_nums: dict[str, tuple[str | None, int | None]]  # style id → (numId, ilvl)
    counters: dict[str, list[int | None]] = attrs.field(factory=dict)
    started: set[str] = attrs.field(factory=set)
    current: dict[str, str] = attrs.field(factory=dict)  # abstract → the counters used last

    @classmethod
    def parse(cls, numbering: Any, styles: Iterable[Any] = ()) -> Numbering:
        """From the `w:numbering` element and the document's `w:style` elements."""
        abstracts: dict[str, dict[int, LevelDef]] = {}
        links: dict[str, str] = {}
        instances: dict[str, str] = {}
        overrides: dict[str, dict[int, tuple[int | None, LevelDef | None]]] = {}
        if numbering is not None:
            for element in numbering.findall(f"{_W}abstractNum"):
                ident = element.get(f"{_W}abstractNumId") or ""
                levels = (LevelDef.parse(lvl) for lvl in element.findall(f"{_W}lvl"))
                abstracts[ident] = {level.ilvl: level for level in levels}
                link = _val(element, "numStyleLink")
                if link:
                    links[ident] = link
            for element in numbering.findall(f"{_W}num"):
                ident = element.get(f"{_W}numId") or ""
                instances[ident] = _val(element, "abstractNumId") or ""
                found: dict[int, tuple[int | None, LevelDef | None]] = {}
                for override in element.findall(f"{_W}lvlOverride"):
                    ilvl = _int(override.get(f"{_W}ilvl"), 0)
                    start = _val(override, "startOverride")
                    lvl = override.find(f"{_W}lvl")
                    found[ilvl] = (
                        None if start is None else _int(start, 1),
                        None if lvl is None else attrs.evolve(LevelDef.parse(lvl), ilvl=ilvl),
                    )
                if found:
                    overrides[ident] = found
        style_nums: dict[str, tuple[str | None, int | None]] = {}
        for style in styles:
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                level = _val(num_pr, "ilvl")
                style_nums[style.get(f"{_W}styleId") or ""] = (
                    _val(num_pr, "numId"),
                    None if level is None else _int(level, 0),
                )
        return cls(abstracts, links, instances, overrides, style_nums)

    def abstract_of(self, num_id: str) -> str | None:
        """The definition an instance uses, following a list style's link once."""
        abstract = self.instances.get(num_id)
        if abstract is None:
            return None
        link = self.links.get(abstract)
        if link is not None:
            linked_num = self.style_nums.get(link, (None, None))[0]
            target = self.instances.get(linked_num or "")
            if target is not None and target != abstract:
                return target
        return abstract

    def level_for_style(self, num_id: str, style: str) -> int | None:
        """The level of a list that is linked to paragraph style `style` (`w:lvl/w:pStyle`)."""
        abstract = self.abstract_of(num_id)
        for level in self.abstracts.get(abstract or "", {}).values():
            if level.style == style:
                return level.ilvl
        return None

    def level(self, num_id: str, ilvl: int) -> LevelDef | None:
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None and override[1] is not None:
            return override[1]
        abstract = self.abstract_of(num_id)
        return self.abstracts.get(abstract or "", {}).get(ilvl)

    def reset(self) -> None:
        """Forget the counting so far, to read the document again from its start."""
        self.counters.clear()
        self.started.clear()
        self.current.clear()

    def next_label(self, num_id: str, ilvl: int) -> Label | None:
        """Count one more paragraph at `ilvl` of list `num_id` and return its label.

        None when the paragraph is not numbered after all (numId 0, or an unknown list).
        """
        abstract = self.abstract_of(num_id)
        if num_id in ("", "0") or abstract is None or abstract not in self.abstracts:
            return None
        definition = self.level(num_id, ilvl)
        if definition is None:
            return None
        # An instance that restarts a level (`startOverride`) counts on its own counters; an
        # instance without one goes on with whichever counters of its definition were used
        # last. So pandoc's outer list, continued after its nested list, goes on with its own
        # numbers, and LibreOffice's "restart here" instance is continued by plain ones.
        restarts = any(start is not None for start, _ in self.overrides.get(num_id, {}).values())
        before = self.current.get(abstract, abstract)
        key = f"num:{num_id}" if restarts else before
        self.current[abstract] = key
        counters = self.counters.setdefault(key, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            restarted = [
                i for i, (start, _) in self.overrides.get(num_id, {}).items() if start is not None
            ]
            if restarted and before in self.counters and before != key:
                # Restarting a nested level leaves the levels above it where they were:
                # LibreOffice restarts sub-items 1, 2, 3 under item 5 with its own instance
                # and numbers item 6 with a plain one that continues it.
                lowest = min(restarted)
                counters[:lowest] = self.counters[before][:lowest]
            for over_ilvl, (start, _lvl) in self.overrides.get(num_id, {}).items():
                if start is not None and 0 <= over_ilvl < len(counters):
                    counters[over_ilvl] = start - 1
        current = counters[ilvl]
        counters[ilvl] = definition.start if current is None else current + 1
        for deeper in range(ilvl + 1, len(counters)):
            below = self.level(num_id, deeper)
            if below is None or below.restarts_after(ilvl):
                counters[deeper] = None
        if definition.fmt == "bullet":
            return Label(definition.text, ilvl, bullet=True)
        return Label(self._render(num_id, definition, counters), ilvl)

    def _render(self, num_id: str, definition: LevelDef, counters: list[int | None]) -> str:
        out = []
        text = definition.text
        index = 0
        while index < len(text):
            char = text[index]
            if char == "%" and index + 1 < len(text) and text[index + 1].isdigit():
                level_index = int(text[index + 1]) - 1
                level = self.level(num_id, level_index)
                value = counters[level_index] if 0 <= level_index < len(counters) else None
                if value is None:
                    value = level.start if level is not None else 1
                fmt = "decimal" if definition.legal or level is None else level.fmt
                out.append(format_number(value, fmt))
                index += 2
                continue
            out.append(char)
            index += 1
        return "".join(out)
