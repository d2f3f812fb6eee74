"""The fuzz tests' time bound counts the input's work, not the collector's pauses."""

from __future__ import annotations

import gc
import time

import pytest
from fuzz_support import TIME_BOUND, within_bounds


def test_a_slow_input_breaks_the_bound() -> None:
    def spin() -> None:
        end = time.thread_time() + TIME_BOUND * 1.2
        while time.thread_time() < end:
            pass

    with pytest.raises(AssertionError, match="s of CPU for 10 characters"):
        within_bounds(spin, 10)


def test_a_full_collection_over_a_large_heap_is_not_charged_to_the_input() -> None:
    heap = [[i] for i in range(3_000_000)]  # a whole-suite process holds about this much

    def collect_past_the_bound() -> str:
        end = time.thread_time() + TIME_BOUND * 1.2
        while time.thread_time() < end:  # nothing but the collector's passes
            gc.collect()
        return "done"

    started = time.thread_time()
    outcome = within_bounds(collect_past_the_bound, 10)  # raises if the passes were counted
    assert outcome == "done"
    assert time.thread_time() - started > TIME_BOUND  # the input did run past the bound
    del heap
