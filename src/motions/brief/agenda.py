"""The agenda a briefing is built from: motion files, each motion with the id card votes use.

A card vote in the whip book lists the motions it decides by id (`cv07-conference-sovereignty`).
A motion's id is, in order of preference:

1. its `Reference:` (or `Ref:`) header line, when it has one;
2. its file's name without `.motion`, when the file holds one motion;
3. the file's name and its number in the file, `agenda#3`, when the file holds several.

Reading the agenda is parsing: it happens here, before any sheet is built, and every problem in
every file is reported together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from motions.brief.errors import BriefError
from motions.drafting.motion import Motion
from motions.drafting.reader import parse_motions
from motions.errors import Diagnostic, MotionsError, error
from motions.files import motion_files_in
from motions.numbers import natural
from motions.whip.model import CardVote

#: Header lines that name a motion's id.
ID_HEADERS = ("reference", "ref")


@attrs.frozen
class AgendaMotion:
    """One motion on the agenda and the id card votes name it by."""

    id: str
    motion: Motion = attrs.field(eq=False, repr=False)

    @property
    def source(self) -> str:
        return self.motion.source


def _reference(motion: Motion) -> str | None:
    for key, value in motion.header.extra:
        if key.strip().lower() in ID_HEADERS and value.strip():
            return value.strip()
    return None


def identify(path_stem: str, motions: Sequence[Motion]) -> tuple[AgendaMotion, ...]:
    """Give each motion of one file its id (see the module's docstring)."""
    out = []
    for number, motion in enumerate(motions, start=1):
        ident = _reference(motion)
        if ident is None:
            ident = path_stem if len(motions) == 1 else f"{path_stem}#{number}"
        out.append(AgendaMotion(ident, motion))
    return tuple(out)


def motion_files(paths: Iterable[str | Path]) -> tuple[Path, ...]:
    """The motion files named: a folder stands for its `*.motion` files, sorted by name."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = [Path(p) for p in motion_files_in(path)]
            except OSError:
                found = []
            if not found:
                problems.append(
                    error(
                        "brief.empty-agenda",
                        f"{path}: no .motion files in this folder",
                        hint="point --agenda at the folder of motion files, or name the files",
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                error("brief.no-agenda", f"{path}: no such file or folder", hint="check the path")
            )
    if problems:
        raise BriefError(problems)
    if not files:
        raise BriefError(
            error("brief.no-agenda", "no agenda given", hint="pass --agenda DIR or motion files")
        )
    return tuple(dict.fromkeys(files))


def read_agenda(paths: Iterable[str | Path]) -> tuple[AgendaMotion, ...]:
    """Every motion in the files or folders named, with its id; all problems raised together."""
    agenda: list[AgendaMotion] = []
    problems: list[Diagnostic] = []
    for path in motion_files(paths):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(
                error("brief.unreadable", f"{path}: cannot read it ({exc})", hint="check the file")
            )
            continue
        try:
            motions = parse_motions(text, filename=str(path))
        except MotionsError as exc:
            problems.extend(exc.diagnostics)
            continue
        agenda.extend(identify(path.name.removesuffix(".motion"), motions))
    seen: dict[str, str] = {}
    for item in agenda:
        if item.id in seen:
            problems.append(
                error(
                    "brief.duplicate-motion-id",
                    f"two motions have the id {item.id!r}: {seen[item.id]} and {item.source}",
                    hint="give one of them a 'Reference:' header line with its own id",
                )
            )
        seen.setdefault(item.id, item.source)
    if problems:
        raise BriefError(problems)
    return tuple(agenda)


def _number(card_vote: str | None) -> int | None:
    """The number a motion's `Card vote:` line gives, if it is one (`numbers.natural`: ASCII
    digits, not too many: `int()` raised on a line of thousands of digits, found by the
    fuzzer)."""
    return natural((card_vote or "").strip())


def card_vote_motions(
    card_votes: Iterable[CardVote], agenda: Sequence[AgendaMotion]
) -> dict[int, tuple[str, ...]]:
    """The motion ids each card vote decides.

    The whip book's list wins. A card vote whose list is empty takes the agenda's motions whose
    own `Card vote:` line gives its number, so an agenda numbered by the CAC can be briefed
    before the whip book names its motions. Numbers are never matched where the book does name
    motions: a mismatch there is a mistake to report, not to guess around.
    """
    by_number: dict[int, list[str]] = {}
    for item in agenda:
        number = _number(item.motion.header.card_vote)
        if number is not None:
            by_number.setdefault(number, []).append(item.id)
    return {
        cv.number: cv.motions if cv.motions else tuple(by_number.get(cv.number, ()))
        for cv in card_votes
    }
