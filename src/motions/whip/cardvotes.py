"""Card votes from TOML: number, title, the motions each decides, and the majority it needs.

[[card_vote]]
number = 7                      # or "CV7"
title = "Nomination threshold"
motions = ["cv07-threshold"]    # motion ids, as in examples/agenda-2026/
threshold = "majority"          # or "two-thirds"; majority if left out
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from motions.errors import Diagnostic, WhipError, error
from motions.source import Span
from motions.whip.model import CardVote, Casting, Threshold
from motions.whip.names import parse_card_vote, parse_threshold
from motions.whip.tomlio import check_keys, load, read_text, table_spans

_KEYS = ("number", "title", "motions", "threshold", "casting")
_CASTINGS = {
    "delegates": Casting.DELEGATES,
    "card-vote": Casting.DELEGATES,
    "one-per-clp": Casting.ONE_PER_CLP,
    "ballot": Casting.ONE_PER_CLP,
}


def parse_card_votes(text: str, filename: str = "<card votes>") -> tuple[CardVote, ...]:
    """Every `[[card_vote]]` in the text, checked; all problems reported at once."""
    data = load(text, filename)
    problems: list[Diagnostic] = []
    for key in data:
        if key != "card_vote":
            problems.append(
                error(
                    "whip.unknown-key",
                    f"{filename}: unknown top-level key {key!r}",
                    hint="a card-votes file holds only [[card_vote]] tables",
                )
            )
    entries = data.get("card_vote", [])
    if not isinstance(entries, list):
        raise WhipError(
            error(
                "whip.bad-toml",
                f"{filename}: card_vote must be an array of tables",
                hint="write each card vote under its own [[card_vote]] header",
            )
        )
    spans = table_spans(text, filename, "card_vote")
    card_votes: list[CardVote] = []
    seen: dict[int, int] = {}
    for i, entry in enumerate(entries):
        span = spans[i] if i < len(spans) else None
        found = _card_vote(entry, span, i + 1)
        if isinstance(found, list):
            problems.extend(found)
            continue
        if found.number in seen:
            problems.append(
                error(
                    "whip.duplicate-card-vote",
                    f"CV{found.number} is defined twice (entries {seen[found.number]} and {i + 1})",
                    span=span,
                    hint="each card vote number appears once; identical motions share one",
                )
            )
            continue
        seen[found.number] = i + 1
        card_votes.append(found)
    if problems:
        raise WhipError(problems)
    return tuple(sorted(card_votes, key=lambda c: c.number))


def _card_vote(entry: Any, span: Span | None, ordinal: int) -> CardVote | list[Diagnostic]:
    what = f"card vote entry {ordinal}"
    if not isinstance(entry, dict):
        return [error("whip.bad-toml", f"{what} is not a table", span=span)]
    problems = check_keys(entry, _KEYS, ("number", "title"), what, span)
    if problems:
        return problems
    try:
        number = parse_card_vote(entry["number"], span=span)
        title = entry["title"]
        if not isinstance(title, str) or not title.strip():
            raise WhipError(
                error("whip.bad-title", f"{what}: title must be non-empty text", span=span)
            )
        motions = entry.get("motions", [])
        if not isinstance(motions, list) or not all(
            isinstance(m, str) and m.strip() for m in motions
        ):
            raise WhipError(
                error(
                    "whip.bad-motions",
                    f"{what}: motions must be a list of motion ids",
                    span=span,
                    hint='write motions = ["cv07-threshold", "cv07-threshold-b"]',
                )
            )
        threshold = Threshold.MAJORITY
        if "threshold" in entry:
            threshold = parse_threshold(str(entry["threshold"]), span=span)
        casting = Casting.DELEGATES
        if "casting" in entry:
            key = str(entry["casting"]).strip().lower().replace(" ", "-")
            if key not in _CASTINGS:
                raise WhipError(
                    error(
                        "whip.bad-casting",
                        f'{what}: casting must be "delegates" or "one-per-clp", '
                        f"not {entry['casting']!r}",
                        span=span,
                        hint="a ballot cast once per CLP (priorities, NCC, CAC) is "
                        'casting = "one-per-clp"',
                    )
                )
            casting = _CASTINGS[key]
    except WhipError as exc:
        return list(exc.diagnostics)
    return CardVote(
        number=number,
        title=title.strip(),
        motions=tuple(m.strip() for m in motions),
        threshold=threshold,
        casting=casting,
    )


def read_card_votes(path: str | Path) -> tuple[CardVote, ...]:
    """Card votes from a TOML file."""
    return parse_card_votes(read_text(path), str(path))


def dump_card_votes(card_votes: tuple[CardVote, ...]) -> str:
    """Card votes as TOML that `parse_card_votes` reads back to the same values.

    Written by a TOML writer (tomli-w), so a title with quotes, backslashes or a newline
    round-trips.
    """
    entries: list[dict[str, object]] = []
    for cv in card_votes:
        entry: dict[str, object] = {
            "number": cv.number,
            "title": cv.title,
            "motions": list(cv.motions),
            "threshold": cv.threshold.value,
        }
        if cv.casting is not Casting.DELEGATES:
            entry["casting"] = cv.casting.value
        entries.append(entry)
    return tomli_w.dumps({"card_vote": entries}, multiline_strings=False)
