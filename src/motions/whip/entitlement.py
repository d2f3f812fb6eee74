"""How many delegates a CLP may send (docs/whip.md, "Delegate entitlement").

One delegate for the first `first_band` members (749) or part thereof, one more for each further
`band` (250) or part thereof, capped at `cap` (6 since 2022); then, outside the cap, one extra
woman delegate where women members reach `women_threshold` (100) and one extra delegate under
27 where Young Labour members reach `young_threshold` (30). The exact boundary is uncertain in
the published rules, so every number is a field of `EntitlementRules`.
"""

from __future__ import annotations

import attrs

from motions.errors import WhipError, error


def _positive(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be 1 or more, got {value}")


@attrs.frozen
class EntitlementRules:
    """The numbers the entitlement rule depends on; the defaults are this project's reading."""

    first_band: int = attrs.field(default=749, validator=_positive)
    band: int = attrs.field(default=250, validator=_positive)
    cap: int = attrs.field(default=6, validator=_positive)
    women_threshold: int = attrs.field(default=100, validator=_positive)
    young_threshold: int = attrs.field(default=30, validator=_positive)


@attrs.frozen
class Entitlement:
    """A CLP's delegates: `base` (within the cap) plus the extra woman and young delegates."""

    members: int
    base: int
    extra_woman: bool
    extra_young: bool
    capped: bool
    min_women: int

    @property
    def total(self) -> int:
        return self.base + int(self.extra_woman) + int(self.extra_young)

    def to_json(self) -> dict[str, object]:
        return {
            "members": self.members,
            "base": self.base,
            "capped": self.capped,
            "extra_woman": self.extra_woman,
            "extra_young": self.extra_young,
            "total": self.total,
            "min_women": self.min_women,
        }


def entitlement(
    members: int,
    *,
    women: int = 0,
    young: int = 0,
    rules: EntitlementRules | None = None,
) -> Entitlement:
    """The delegates a CLP of `members` members may send.

    `women` and `young` are its women members and its Young Labour members (under 27). A CLP
    with no members sends no delegates. `min_women` is the fewest women among the delegates
    under "at least every second delegate must be a woman": half the base delegates, rounded
    down, plus the extra woman delegate.
    """
    rules = rules if rules is not None else EntitlementRules()
    problems = []
    for name, value in (("members", members), ("women", women), ("young", young)):
        if value < 0:
            problems.append(
                error(
                    "whip.bad-count",
                    f"{name} must not be negative, got {value}",
                    hint="give membership counts as whole numbers, 0 or more",
                )
            )
    for name, value in (("women", women), ("young", young)):
        if value > members >= 0:
            problems.append(
                error(
                    "whip.bad-count",
                    f"{name} members ({value}) cannot exceed all members ({members})",
                    hint="women and young members are counted among the members",
                )
            )
    if problems:
        raise WhipError(problems)
    if members == 0:
        base = 0
    elif members <= rules.first_band:
        base = 1
    else:
        base = 1 + -(-(members - rules.first_band) // rules.band)
    capped = base > rules.cap
    base = min(base, rules.cap)
    extra_woman = women >= rules.women_threshold
    extra_young = young >= rules.young_threshold
    return Entitlement(
        members=members,
        base=base,
        extra_woman=extra_woman,
        extra_young=extra_young,
        capped=capped,
        min_women=base // 2 + int(extra_woman),
    )
