"""Fixtures for the briefing tests: the small conference's book, agenda and briefings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from brief_support import make_book

from motions.book.rulebook import Rulebook
from motions.brief.agenda import AgendaMotion, read_agenda
from motions.brief.build import build_sheets
from motions.brief.findings import ConflictNote, check_agenda
from motions.brief.model import Briefing
from motions.whip import Conference, WhipBook


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder of this test session's own (for the PDF parts and the grammars), so that
    no test reads what another run on this machine laid out, and none fills the user's cache;
    command lines run in subprocesses inherit it. A test that counts layouts uses its own."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("MOTIONS_CACHE_DIR")
    os.environ["MOTIONS_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["MOTIONS_CACHE_DIR"]
    else:
        os.environ["MOTIONS_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The small conference's whip book (built with the CLI) and its input files."""
    return make_book(tmp_path_factory.mktemp("small"))


@pytest.fixture(scope="session")
def conference(small: tuple[Path, dict[str, Path]]) -> Conference:
    with WhipBook.open(small[0]) as book:
        return book.snapshot()


@pytest.fixture(scope="session")
def agenda(small: tuple[Path, dict[str, Path]]) -> tuple[AgendaMotion, ...]:
    return read_agenda([small[1]["agenda"]])


@pytest.fixture(scope="session")
def findings(
    model: Rulebook, agenda: tuple[AgendaMotion, ...], conference: Conference
) -> tuple[ConflictNote, ...]:
    return check_agenda(model, agenda, conference)


@pytest.fixture(scope="session")
def briefing(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
) -> Briefing:
    return build_sheets(conference, agenda, model, findings, whip="Forward")


@pytest.fixture(scope="session")
def whips_briefing(
    conference: Conference,
    agenda: tuple[AgendaMotion, ...],
    model: Rulebook,
    findings: tuple[ConflictNote, ...],
) -> Briefing:
    return build_sheets(conference, agenda, model, findings, whip="Forward", whips_view=True)
