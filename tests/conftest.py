"""Shared fixtures: the embedded model rule book, parsed once per test session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis runs randomised everywhere, CI included: a property must hold for any seed. A
# failure prints the blob that reproduces it (`@reproduce_failure`).
settings.register_profile("default-with-blob", print_blob=True)
settings.load_profile("default-with-blob")
# Occasional deep runs of the fuzz suite: `pytest tests/fuzz --hypothesis-profile=fuzz` (twenty
# times the examples of a normal run; docs/testing.md).
settings.register_profile("fuzz", max_examples=2000, deadline=None, print_blob=True)

sys.path.insert(0, str(Path(__file__).parent))

from motions import Rulebook, load_rulebook  # noqa: E402 - after the path set-up above

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def model() -> Rulebook:
    return load_rulebook()


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT
