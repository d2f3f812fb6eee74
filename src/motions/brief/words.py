"""The words and marks a sheet uses for lines, mandates, numbers and findings; and user text
made safe to show: bidirectional controls stripped, and isolated from the page's own text.

A name, CLP, title or reason holding U+202E (RIGHT-TO-LEFT OVERRIDE) or an unclosed isolate
would otherwise reverse the words the page prints after it ("(drawroF)"). `clean` strips every
embedding, override, isolate and mark; `bdi` wraps what is left in `<bdi>`, so right-to-left
names still read right to left, and nothing leaks out of them.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from markupsafe import Markup

from motions.brief.model import SheetItem
from motions.whip.model import Line, Position
from motions.whip.projection import Assumption

_SAY = {
    Line.SUPPORT: "Vote FOR",
    Line.OPPOSE: "Vote AGAINST",
    Line.ABSTAIN: "Abstain",
    Line.OPPOSE_IF_NOT_REMITTED: "Vote AGAINST if it is not remitted",
    Line.REMIT: "Remit: ask the mover to remit it to the NEC",
    Line.FREE_VOTE: "Free vote",
}
#: The line in a few words, for the "how to vote" list.
_SHORT = {
    Line.SUPPORT: "Vote FOR",
    Line.OPPOSE: "Vote AGAINST",
    Line.ABSTAIN: "Abstain",
    Line.OPPOSE_IF_NOT_REMITTED: "Vote AGAINST unless remitted",
    Line.REMIT: "Remit (if not remitted: see detail)",
    Line.FREE_VOTE: "Free vote: your choice",
}
#: What to do when the mover does or does not remit, for the lines that depend on it.
_IF_REMITTED = {
    Line.OPPOSE_IF_NOT_REMITTED: "If the mover remits it to the NEC, there is no vote. "
    "If not, vote AGAINST.",
    Line.REMIT: "If the mover remits it to the NEC, there is no vote. If not, the line gives "
    "no vote: ask your whip before the card vote, a mandate from the CLP, if there is one, binds.",
}
#: Every mark the "how to vote" list uses, and what it means (the sheet's legend).
MARKS = (
    ("for", "FOR", "green: vote for"),
    ("against", "AGAINST", "red: vote against"),
    ("other", "other", "amber: abstain, remit, free vote or no line"),
    ("mandate", "mandate", "what to do is your CLP's mandate: it binds you"),
    (
        "clash",
        "mandate ≠ line",
        "your CLP's mandate differs from the faction's line: follow the mandate",
    ),
    ("two-thirds", "⅔", "needs two thirds of the vote to pass"),
    ("one-per-clp", "1/CLP", "one ballot paper per CLP: collect it early"),
)
_BIDI = dict.fromkeys(
    (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)), None
)
_CODES = {
    "falls": "Falls",
    "collision": "Collides",
    "duplicate": "Duplicate",
    "compatible": "Compatible",
    "broken-reference": "Breaks a reference",
    "renumbering-shift": "Renumbering",
    "three-year-rule": "Three-year rule",
    "no-location": "No location",
    "several-subjects": "Several subjects",
    "consequential-unlocated": "Vague consequentials",
    "not-applicable": "Cannot apply",
}
_ASSUMPTIONS = {
    Assumption.EXCLUDE: "undecided voters left out",
    Assumption.SPLIT: "undecided voters split half and half",
    Assumption.FACTION: "undecided voters follow their faction",
    Assumption.FOR: "undecided voters all for",
    Assumption.AGAINST: "undecided voters all against",
}


def votes(value: Fraction | int) -> str:
    """1,019 or 339.67: whole votes without decimals, shares of a CLP to two."""
    value = Fraction(value)
    if value.denominator == 1:
        return f"{value.numerator:,}"
    return f"{float(value):,.2f}"


def pct(value: Decimal | None) -> str:
    return "n/a" if value is None else f"{value:.2f}%"


def line_say(line: Line | None) -> str:
    return "No line" if line is None else _SAY[line]


def line_class(line: Line | None) -> str:
    position = line.position if line is not None else None
    if position is Position.FOR:
        return "for"
    if position is Position.AGAINST:
        return "against"
    return "other"


def position_say(position: Position) -> str:
    return {Position.FOR: "vote FOR", Position.AGAINST: "vote AGAINST"}.get(
        position, position.value
    )


def item_say(item: SheetItem) -> str:
    """What to do, in words, for the "how to vote" list: the mandate where there is one (it
    binds), else the line."""
    if item.mandate is not None:
        say = position_say(item.mandate)
        return say[:1].upper() + say[1:]
    line = item.card_vote.advice.line
    return "No line" if line is None else _SHORT[line]


def item_class(item: SheetItem) -> str:
    """The colour of a "how to vote" entry: the vote it asks for (the mandate's, if any)."""
    position = item.mandate if item.mandate is not None else item.card_vote.advice.asks
    if position is Position.FOR:
        return "for"
    if position is Position.AGAINST:
        return "against"
    return "other"


def item_marks(item: SheetItem) -> tuple[tuple[str, str], ...]:
    """The marks after an entry, as (class, symbol), each explained in `MARKS`."""
    symbols = {key: symbol for key, symbol, _ in MARKS}
    keys = []
    if item.mandate is not None:
        keys.append("clash" if item.clash is not None else "mandate")
    if item.card_vote.threshold.value == "two-thirds":
        keys.append("two-thirds")
    if item.card_vote.one_per_clp:
        keys.append("one-per-clp")
    return tuple((key, symbols[key]) for key in keys)


def if_remitted(line: Line | None) -> str:
    """What to do whether or not the motion is remitted ("" for lines that do not depend on it)."""
    return _IF_REMITTED.get(line, "") if line is not None else ""


def clean(text: str) -> str:
    """`text` without bidirectional embeddings, overrides, isolates or marks."""
    return text.translate(_BIDI)


def bdi(value: object) -> Markup:
    """User text for HTML: cleaned, escaped, and isolated in `<bdi>` from the text around it."""
    return Markup("<bdi>%s</bdi>") % clean("" if value is None else str(value))


def css_string(value: object) -> Markup:
    """Text as a CSS string for a style sheet (a page footer's `content`): cleaned of bidi
    controls, every character but letters, digits and spaces written as a CSS escape, so that
    no quote, backslash, brace or `</style>` in a faction's name can end the string or the
    sheet, and HTML escaping (which a style element does not undo) has nothing to change."""
    text = clean("" if value is None else str(value))
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def html_finalize(value: object) -> object:
    """Every value a template prints, cleaned of bidirectional controls (our own markup kept)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return clean(value)


def code_label(code: str) -> str:
    return _CODES.get(code, code.replace("-", " ").capitalize())


def confidence(value: float) -> str:
    return f"{round(value * 100)}% sure"


FILTERS: dict[str, Callable[..., Any]] = {
    "votes": votes,
    "pct": pct,
    "line_say": line_say,
    "line_class": line_class,
    "position_say": position_say,
    "item_say": item_say,
    "item_class": item_class,
    "item_marks": item_marks,
    "if_remitted": if_remitted,
    "bdi": bdi,
    "css_string": css_string,
    "code_label": code_label,
    "confidence": confidence,
    "assumption_text": lambda a: _ASSUMPTIONS[a],
}
