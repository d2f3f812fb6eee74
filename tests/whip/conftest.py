"""Fixtures for the whip-book tests: the example book, built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from whip_support import import_example

from motions.whip import WhipBook


@pytest.fixture(scope="session")
def example_book_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("example") / "whip.sqlite"
    with WhipBook.create(path, home_faction="Forward") as book:
        import_example(book)
        book._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def example_book(example_book_master: Path, tmp_path: Path) -> Path:
    """A private copy of the example book."""
    target = tmp_path / "whip.sqlite"
    shutil.copy(example_book_master, target)
    return target
