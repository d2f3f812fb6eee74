"""Carried motions as plain data: the `motions.redlines/1` document of `motions diff`.

Kept beside the model (not in render/) so that `Amended.to_dict()` and the command print the
same shape from one function (docs/json.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from motions.contract import envelope

if TYPE_CHECKING:
    from motions.book.address import Address
    from motions.drafting.apply import Amended


def _address(address: Address | None) -> dict[str, str] | None:
    return None if address is None else address.to_dict()


def amended_data(amended: Amended) -> dict[str, object]:
    """One carried motion: what it is, whether it applied, its changes and diagnostics."""
    motion = amended.motion
    return {
        "motion": {
            "source": motion.source,
            "title": motion.header.title,
            "proposer": motion.header.proposer,
            "card_vote": motion.header.card_vote,
            "package": motion.header.package,
            "location": _address(motion.location.address if motion.location else None),
        },
        "applied": amended.applied,
        "changes": [
            {
                "kind": change.kind,
                "address": _address(change.address),
                "original": _address(change.original),
                "before": change.redline.before,
                "after": change.redline.after,
                "redline": change.redline.to_json(),
            }
            for change in amended.changes
        ],
        "renumbering": [[old.compact(), new.compact()] for old, new in amended.renumbering],
        "diagnostics": [d.to_json() for d in amended.diagnostics],
    }


def redlines_document(amended: Iterable[Amended]) -> dict[str, object]:
    """The `motions.redlines/1` document of `motions diff --format json`."""
    return envelope("redlines", {"motions": [amended_data(a) for a in amended]})
