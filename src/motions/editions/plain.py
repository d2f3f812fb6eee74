"""An edition diff as plain data: the `motions.edition-diff/1` document of `motions diff OLD
NEW --format json` and of `EditionDiff.to_dict()` (docs/json.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motions.contract import envelope

if TYPE_CHECKING:
    from motions.book.rulebook import Provision, Rulebook
    from motions.editions.diff import EditionDiff


def _provision_json(provision: Provision | None) -> dict[str, object] | None:
    if provision is None:
        return None
    address = provision.address
    return {
        "long": address.long(),
        "compact": address.compact(),
        "id": address.id(),
        "label": provision.label,
        "heading": provision.heading,
        "text": provision.text,
        "page": provision.page,
    }


def edition_diff_document(diff: EditionDiff) -> dict[str, object]:
    """The diff as plain data: the `motions.edition-diff/1` document (docs/json.md)."""

    def book(b: Rulebook) -> dict[str, object]:
        return {"title": b.title, "edition": b.edition, "provisions": len(b)}

    return envelope(
        "edition-diff",
        {
            "old": book(diff.old),
            "new": book(diff.new),
            "summary": diff.counts(),
            "changes": [
                {
                    "kinds": [kind.value for kind in change.kinds],
                    "old": _provision_json(change.old),
                    "new": _provision_json(change.new),
                    "heading": change.heading.to_json() if change.heading is not None else None,
                    "text": change.text.to_json() if change.text is not None else None,
                    "similarity": change.similarity,
                    "inside": change.inside,
                }
                for change in diff.changes
            ],
            "renumbering": [
                {"old": old.compact(), "new": new.compact()}
                for old, new in diff.renumbering().items()
            ],
        },
    )
