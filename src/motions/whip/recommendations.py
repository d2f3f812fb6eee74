"""A faction's lines for the card votes, from TOML.

faction = "Forward"              # whose lines these are

[[recommendation]]
card_vote = "CV7"                # or 7
line = "support"                 # support, oppose, abstain, oppose-if-not-remitted,
                                 # remit, free-vote
reason = "Brings selections into line with the 2024 changes."
# faction = "Other"              # optional: overrides the top-level faction for this entry
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs

from motions.errors import Diagnostic, WhipError, error
from motions.source import Span
from motions.whip.model import Recommendation
from motions.whip.names import parse_card_vote, parse_line
from motions.whip.tomlio import check_keys, load, read_text, table_spans

_KEYS = ("card_vote", "line", "reason", "faction")


@attrs.frozen
class LocatedRecommendation:
    """A recommendation and where it was written, for errors found later (unknown card vote)."""

    recommendation: Recommendation
    span: Span | None = attrs.field(default=None, eq=False)


def parse_recommendations(
    text: str, filename: str = "<recommendations>"
) -> tuple[LocatedRecommendation, ...]:
    """Every `[[recommendation]]` in the text, checked; all problems reported at once."""
    data = load(text, filename)
    problems: list[Diagnostic] = []
    default_faction = data.get("faction")
    for key in data:
        if key not in ("faction", "recommendation"):
            problems.append(
                error(
                    "whip.unknown-key",
                    f"{filename}: unknown top-level key {key!r}",
                    hint='a recommendations file holds faction = "..." and [[recommendation]]',
                )
            )
    if default_faction is not None and (
        not isinstance(default_faction, str) or not default_faction.strip()
    ):
        problems.append(error("whip.bad-faction", f"{filename}: faction must be non-empty text"))
        default_faction = None
    entries = data.get("recommendation", [])
    if not isinstance(entries, list):
        raise WhipError(
            error(
                "whip.bad-toml",
                f"{filename}: recommendation must be an array of tables",
                hint="write each line under its own [[recommendation]] header",
            )
        )
    spans = table_spans(text, filename, "recommendation")
    found: list[LocatedRecommendation] = []
    seen: dict[tuple[str, int], int] = {}
    for i, entry in enumerate(entries):
        span = spans[i] if i < len(spans) else None
        result = _entry(entry, span, i + 1, default_faction)
        if isinstance(result, list):
            problems.extend(result)
            continue
        pair = (result.faction, result.card_vote)
        if pair in seen:
            problems.append(
                error(
                    "whip.duplicate-line",
                    f"{result.faction} has two lines for CV{result.card_vote} "
                    f"(entries {seen[pair]} and {i + 1})",
                    span=span,
                    hint="keep one line per card vote",
                )
            )
            continue
        seen[pair] = i + 1
        found.append(LocatedRecommendation(result, span))
    if problems:
        raise WhipError(problems)
    return tuple(found)


def _entry(
    entry: Any, span: Span | None, ordinal: int, default_faction: str | None
) -> Recommendation | list[Diagnostic]:
    what = f"recommendation entry {ordinal}"
    if not isinstance(entry, dict):
        return [error("whip.bad-toml", f"{what} is not a table", span=span)]
    problems = check_keys(entry, _KEYS, ("card_vote", "line"), what, span)
    faction = entry.get("faction", default_faction)
    if not isinstance(faction, str) or not faction.strip():
        problems.append(
            error(
                "whip.missing-faction",
                f"{what} names no faction",
                span=span,
                hint='put faction = "Name" at the top of the file',
            )
        )
    if problems:
        return problems
    assert isinstance(faction, str)
    try:
        card_vote = parse_card_vote(entry["card_vote"], span=span)
        line = parse_line(str(entry["line"]), span=span)
    except WhipError as exc:
        return list(exc.diagnostics)
    reason = entry.get("reason", "")
    if not isinstance(reason, str):
        return [error("whip.bad-reason", f"{what}: reason must be text", span=span)]
    return Recommendation(
        faction=faction.strip(), card_vote=card_vote, line=line, reason=" ".join(reason.split())
    )


def read_recommendations(path: str | Path) -> tuple[LocatedRecommendation, ...]:
    """Recommendations from a TOML file."""
    return parse_recommendations(read_text(path), str(path))
