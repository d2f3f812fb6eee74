"""Shared fixtures: the embedded model rule book, parsed once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from motions import Rulebook, load_rulebook

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def model() -> Rulebook:
    return load_rulebook()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
