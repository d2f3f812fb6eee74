"""What a run of `motions brief` wrote, as plain data: the `motions.briefing/1` document.

A program driving the briefing (a web app publishing the sheets, a script mailing each delegate
their link) reads this instead of listing the output folder: every file written, relative to
the folder and with `/` between folders (ready for a URL), each sheet with its delegate, and
the warnings of the run (what `--partial` briefed without). See docs/json.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from motions.brief.model import Briefing, CardVoteBrief
from motions.brief.render import OutputFile
from motions.errors import Diagnostic, warning


def file_kind(output: OutputFile) -> str:
    """`sheet`, `card-vote` (a site's card-vote page), `whips-index` or `index`."""
    if output.delegate is not None:
        return "sheet"
    if output.path.startswith("card-votes/"):
        return "card-vote"
    if output.path.startswith("whips-"):
        return "whips-index"
    return "index"


def warnings(briefing: Briefing) -> tuple[Diagnostic, ...]:
    """What the sheets lack or cannot show, one warning each: motions a card vote names that
    the agenda lacks, card votes with no motion (both only with `--partial`), and motions that
    cannot be applied to the rule book (their sheets say so, with the reasons)."""
    found: list[Diagnostic] = []
    for cv in briefing.card_votes:
        if not cv.motions:
            found.append(
                warning(
                    "brief.card-vote-without-motions",
                    f"CV {cv.number} ({cv.title}) names no motion, and none in the agenda says "
                    f"'Card vote: {cv.number}'",
                    hint="its entry on the sheets says only what the line is",
                )
            )
        for motion in cv.motions:
            if motion.missing:
                found.append(
                    warning(
                        "brief.motion-not-in-agenda",
                        f"CV {cv.number} names motion {motion.id!r}, which is not in the agenda",
                        hint="the sheets say so in its place; add its .motion file to --agenda",
                    )
                )
            elif not motion.applies:
                reasons = "; ".join(motion.problems) or "no reason given"
                found.append(
                    warning(
                        "brief.motion-does-not-apply",
                        f"CV {cv.number}: motion {motion.id!r} cannot be applied to the rule "
                        f"book ({reasons})",
                        hint="the sheets give no redline for it, and say why",
                    )
                )
    return tuple(found)


def _card_vote(cv: CardVoteBrief) -> dict[str, object]:
    line = cv.advice.line
    return {
        "number": cv.number,
        "title": cv.title,
        "line": line.value if line is not None else None,
        "motions": [m.id for m in cv.motions],
    }


def report_data(
    briefing: Briefing,
    written: Iterable[OutputFile],
    *,
    fmt: str,
    output: str,
    access_keys: bool = False,
) -> dict[str, object]:
    """The `motions.briefing/1` document's fields (without `schema`, which `emit_json` adds)
    for `briefing` written as `written` in format `fmt` into the folder `output`."""
    outputs = list(written)
    sheet_files = {o.delegate: o.path for o in outputs if o.delegate is not None}
    sheets = []
    for sheet in briefing.sheets:
        who = sheet.delegate
        sheets.append(
            {
                "delegate": {
                    "id": who.id,
                    "name": who.name,
                    "delegation": who.delegation,
                    "delegation_id": who.delegation_id,
                    "section": who.section.value,
                },
                "file": sheet_files[who.id],
                "clashes": [item.card_vote.number for item in sheet.clashes],
            }
        )
    return {
        "whip": briefing.whip,
        "format": fmt,
        "output": output,
        "generated": briefing.generated,
        "rulebook": briefing.rulebook,
        "whips_view": briefing.whips_view,
        "access_keys": access_keys,
        "sheets": sheets,
        "files": [{"path": o.path, "kind": file_kind(o), "delegate": o.delegate} for o in outputs],
        "card_votes": [_card_vote(cv) for cv in briefing.card_votes],
        "missing": list(briefing.missing),
        "diagnostics": [d.to_json() for d in warnings(briefing)],
    }
