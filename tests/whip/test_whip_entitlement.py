"""Delegate entitlement: boundaries, the cap, the extra delegates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motions.errors import WhipError
from motions.whip import EntitlementRules, entitlement


@pytest.mark.parametrize(
    ("members", "delegates"),
    [
        (0, 0),
        (1, 1),
        (749, 1),
        (750, 2),
        (999, 2),
        (1000, 3),
        (1249, 3),
        (1250, 4),
        (1749, 5),
        (1750, 6),
        (10_000, 6),
    ],
)
def test_base_entitlement_boundaries(members: int, delegates: int) -> None:
    assert entitlement(members).base == delegates


def test_cap_is_six_and_reported() -> None:
    assert not entitlement(1750).capped
    assert not entitlement(1999).capped  # 1 + ceil(1250 / 250) = 6 exactly
    assert entitlement(2000).capped  # 1 + ceil(1251 / 250) = 7, capped to 6
    assert entitlement(2000).base == 6
    big = entitlement(5000)
    assert big.base == 6 and big.capped


def test_extra_woman_and_young_delegates_are_outside_the_cap() -> None:
    e = entitlement(5000, women=2400, young=400)
    assert (e.base, e.extra_woman, e.extra_young, e.total) == (6, True, True, 8)
    assert entitlement(5000, women=99, young=29).total == 6
    assert entitlement(5000, women=100, young=29).total == 7
    assert entitlement(5000, women=99, young=30).total == 7
    assert entitlement(500, women=200, young=30).total == 3


def test_min_women() -> None:
    assert entitlement(1000).min_women == 1  # 3 delegates: at least every second one
    assert entitlement(5000, women=2000).min_women == 4


def test_the_boundary_is_configurable() -> None:
    rules = EntitlementRules(first_band=750)
    assert entitlement(750, rules=rules).base == 1
    assert entitlement(751, rules=rules).base == 2
    assert entitlement(1000, rules=rules).base == 2
    assert entitlement(1001, rules=rules).base == 3
    assert entitlement(5000, rules=EntitlementRules(cap=4)).base == 4
    assert entitlement(1000, rules=EntitlementRules(band=100)).base == 4


def test_bad_input_is_a_whip_error_with_a_hint() -> None:
    with pytest.raises(WhipError) as err:
        entitlement(-1)
    assert err.value.first.hint
    with pytest.raises(WhipError, match="cannot exceed"):
        entitlement(100, women=101)
    with pytest.raises(ValueError):
        EntitlementRules(band=0)


@given(st.integers(0, 20_000), st.integers(0, 20_000))
def test_entitlement_never_falls_as_membership_grows(a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert entitlement(low).base <= entitlement(high).base
    assert 0 <= entitlement(high).total <= 8
    if high:
        assert entitlement(high).base >= 1
