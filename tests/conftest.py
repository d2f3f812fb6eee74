"""Shared fixtures: the embedded model rule book, parsed once per test session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI is then reproducible, and a landing is not
# decided by chance); a developer's run explores new ones and keeps failures in .hypothesis/.
settings.register_profile("ci", derandomize=True, print_blob=True)
# Occasional deep runs of the fuzz suite: `pytest tests/fuzz --hypothesis-profile=fuzz` (twenty
# times the examples of a normal run; docs/testing.md).
settings.register_profile("fuzz", max_examples=2000, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

sys.path.insert(0, str(Path(__file__).parent))

from motions import Rulebook, load_rulebook  # noqa: E402 - after the path set-up above

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def model() -> Rulebook:
    return load_rulebook()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
