"""Reading the words people type: card-vote numbers, positions, lines, thresholds, names.

Every reader raises `WhipError` with a hint on bad input; unknown names get "did you mean".
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

from motions.errors import WhipError, error
from motions.source import Span
from motions.whip.model import Line, Position, Section, Threshold

# ASCII digits only: a fullwidth or Arabic-Indic "7" is not a card-vote number we print.
_CARD_VOTE = re.compile(
    r"^\s*(?:(?:cv|card\s*vote)\s*[-#.]?\s*)?0*([0-9]{1,9})\s*$", re.IGNORECASE | re.ASCII
)

MAX_CARD_VOTE = 999_999_999
"""Card votes are numbered from 1; nine digits is far past any conference (and SQLite's range)."""


@functools.lru_cache(maxsize=65_536)
def name_key(text: str) -> str:
    """How names are compared: Unicode-normalised (NFKC), case-folded, spaces collapsed.

    Names are stored as written; only matching uses this key, so `BÉA QUINN` finds
    `Béa Quinn` and `ＧＲＡＳＳＲＯＯＴＳ` finds `Grassroots`. Cached: an import of 100,000
    pledges names the same 1,500 voters over and over.
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def check_text(text: str, what: str) -> str:
    """`text`, refused with our error if it cannot be stored (undecodable argument bytes)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "backslashreplace").decode("ascii", "replace")
        raise WhipError(
            error(
                "whip.bad-text",
                f"{what} {shown!r} has bytes that are not UTF-8 text",
                hint="retype it, or check your terminal's character encoding",
            )
        ) from None
    return text


_POSITIONS: dict[str, Position] = {
    "for": Position.FOR,
    "support": Position.FOR,
    "yes": Position.FOR,
    "against": Position.AGAINST,
    "oppose": Position.AGAINST,
    "no": Position.AGAINST,
    "abstain": Position.ABSTAIN,
    "abstention": Position.ABSTAIN,
    "undecided": Position.UNDECIDED,
    "unknown": Position.UNDECIDED,
    "absent": Position.ABSENT,
}

_LINES: dict[str, Line] = {
    "support": Line.SUPPORT,
    "for": Line.SUPPORT,
    "oppose": Line.OPPOSE,
    "against": Line.OPPOSE,
    "abstain": Line.ABSTAIN,
    "oppose-if-not-remitted": Line.OPPOSE_IF_NOT_REMITTED,
    "oppose if not remitted": Line.OPPOSE_IF_NOT_REMITTED,
    "remit": Line.REMIT,
    "free-vote": Line.FREE_VOTE,
    "free vote": Line.FREE_VOTE,
    "no recommendation": Line.FREE_VOTE,
    "no-recommendation": Line.FREE_VOTE,
    "none": Line.FREE_VOTE,
}

_THRESHOLDS: dict[str, Threshold] = {
    "majority": Threshold.MAJORITY,
    "simple": Threshold.MAJORITY,
    "simple-majority": Threshold.MAJORITY,
    "two-thirds": Threshold.TWO_THIRDS,
    "2/3": Threshold.TWO_THIRDS,
    "two_thirds": Threshold.TWO_THIRDS,
}

_SECTIONS: dict[str, Section] = {
    "clp": Section.CLP,
    "clps": Section.CLP,
    "affiliate": Section.AFFILIATE,
    "affiliates": Section.AFFILIATE,
    "union": Section.AFFILIATE,
    "trade union": Section.AFFILIATE,
    "socialist society": Section.AFFILIATE,
}

_TRUE = {"yes", "y", "true", "t", "1"}
_FALSE = {"no", "n", "false", "f", "0", ""}


def _pick(
    kind: str, text: str, table: dict[str, object], span: Span | None, canonical: Iterable[str]
) -> object:
    key = " ".join(text.strip().lower().replace("_", "-").split())
    if key in table:
        return table[key]
    key_spaced = key.replace("-", " ")
    if key_spaced in table:
        return table[key_spaced]
    choices = list(canonical)
    close = difflib.get_close_matches(key, list(table), n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise WhipError(
        error(
            f"whip.bad-{kind}",
            f"{text.strip()!r} is not a {kind}",
            span=span,
            hint=f"{hint}use one of: {', '.join(choices)}",
        )
    )


def parse_card_vote(text: str | int, *, span: Span | None = None) -> int:
    """`CV7`, `cv7`, `CV 7`, `cv07`, `7` or `card vote 7` → 7."""
    if isinstance(text, int) and not isinstance(text, bool):
        if 1 <= text <= MAX_CARD_VOTE:
            return text
        text = "CV?" if text > MAX_CARD_VOTE else str(text)
    check_text(str(text), "card vote")
    match = _CARD_VOTE.match(str(text))
    if match is None or int(match.group(1)) < 1:
        raise WhipError(
            error(
                "whip.bad-card-vote",
                f"{str(text).strip()!r} is not a card-vote number",
                span=span,
                hint="write a card vote as CV7 (or cv7, CV 7, 7), numbered from 1, in digits "
                "0-9, at most nine of them",
            )
        )
    return int(match.group(1))


_CONFIDENCE = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(%?)\s*$", re.ASCII)


def parse_confidence(text: str | float, *, span: Span | None = None) -> float:
    """`0.8`, `80%` or `80 %` → 0.8: the probability a voter votes as pledged."""
    if isinstance(text, float | int) and not isinstance(text, bool):
        value = float(text)
    else:
        match = _CONFIDENCE.match(str(text))
        value = -1.0
        if match is not None:
            value = float(match.group(1)) / (100.0 if match.group(2) else 1.0)
    if not 0.0 <= value <= 1.0:
        raise WhipError(
            error(
                "whip.bad-confidence",
                f"{str(text).strip()!r} is not a probability between 0 and 1",
                span=span,
                hint="write 0.8 or 80%: the chance the delegate votes as pledged",
            )
        )
    return value


def parse_stamp(text: str, *, span: Span | None = None) -> str:
    """A time a pledge was recorded (ISO 8601), as the book stores it: UTC, microseconds.

    A time without a zone is taken as UTC.
    """
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise WhipError(
            error(
                "whip.bad-time",
                f"{text.strip()!r} is not a date and time",
                span=span,
                hint="write ISO 8601, such as 2026-09-27T14:05:00+00:00",
            )
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_position(text: str, *, span: Span | None = None) -> Position:
    """`for`/`support`/`yes`, `against`/`oppose`/`no`, `abstain`, `undecided`, `absent`."""
    value = _pick("position", text, dict(_POSITIONS), span, (p.value for p in Position))
    assert isinstance(value, Position)
    return value


def parse_line(text: str, *, span: Span | None = None) -> Line:
    """A faction line: support, oppose, abstain, oppose-if-not-remitted, remit, free-vote."""
    value = _pick("line", text, dict(_LINES), span, (line.value for line in Line))
    assert isinstance(value, Line)
    return value


def parse_threshold(text: str, *, span: Span | None = None) -> Threshold:
    """`majority` (simple majority) or `two-thirds`."""
    value = _pick("threshold", text, dict(_THRESHOLDS), span, (t.value for t in Threshold))
    assert isinstance(value, Threshold)
    return value


def parse_section(text: str, *, span: Span | None = None) -> Section:
    """`clp` or `affiliate` (also `union`, `socialist society`)."""
    value = _pick("section", text, dict(_SECTIONS), span, (s.value for s in Section))
    assert isinstance(value, Section)
    return value


def parse_bool(text: str, *, what: str, span: Span | None = None) -> bool:
    """yes/no, true/false, 1/0; empty is no."""
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise WhipError(
        error(
            "whip.bad-flag",
            f"{what} must be yes or no, not {text.strip()!r}",
            span=span,
            hint="write yes/no, true/false or 1/0 (empty means no)",
        )
    )


def did_you_mean(text: str, candidates: Iterable[str], n: int = 3) -> str | None:
    """'did you mean X?' for the closest candidates (case-insensitive), or None."""
    by_lower: dict[str, str] = {}
    for candidate in candidates:
        by_lower.setdefault(name_key(candidate), candidate)
    close = difflib.get_close_matches(name_key(text), list(by_lower), n=n, cutoff=0.6)
    if not close:
        return None
    names = " or ".join(repr(by_lower[c]) for c in close)
    return f"did you mean {names}?"
