"""Motions in our canonical drafting wording, and carried motions as redline reports.

`canonical(motion)` writes a motion the way the grammar reads it best; parsing that text gives
back an equal motion. The report functions turn an `Amended` (what `apply` returns) into text
for a terminal, Markdown, HTML, a unified diff or JSON with a stable shape (docs/json.md).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import attrs

from motions.contract import dumps
from motions.drafting.apply import Amended, Change
from motions.drafting.motion import (
    Anchor,
    Consequential,
    DeleteProvisions,
    DeleteWords,
    InsertProvision,
    InsertWords,
    Location,
    Motion,
    Operation,
    Position,
    ReplaceProvisions,
    ReplaceQuoted,
    ReplaceSentence,
    ReplaceWords,
)
from motions.drafting.ordinals import ordinal
from motions.drafting.plain import amended_data, redlines_document
from motions.drafting.quoting import quote
from motions.render import redline as redlines
from motions.render.markdown import code, md_escape

# -- canonical wording --------------------------------------------------------------------------


def _where(location: Location | None) -> str:
    return f"{location.address.long()}: " if location is not None else ""


def _anchor(anchor: Anchor) -> str:
    text = quote(anchor.words.text)
    if anchor.occurrence is not None:
        text = f"the {ordinal(anchor.occurrence)} {text}"
    if anchor.every:
        text += " wherever it occurs"
    return text


def _sentence(anchor: Anchor | None) -> str:
    if anchor is None or anchor.sentence is None:
        return ""
    if anchor.edge is not None:
        return f"at the {anchor.edge.value} of the {ordinal(anchor.sentence)} sentence, "
    return f"in the {ordinal(anchor.sentence)} sentence, "


def _targets(locations: Iterable[Location]) -> str:
    items = list(locations)
    first = items[0].address
    rest = [loc.address for loc in items[1:]]
    if all(a.parent == first.parent and a.depth == first.depth for a in rest):
        return first.long() + "".join(f" and {a.label}" for a in rest)
    return " and ".join(a.compact() for a in (first, *rest))


def canonical_operation(op: Operation) -> str:
    """One operation in canonical wording, ending with a full stop."""
    if isinstance(op, ReplaceWords):
        body = f"{_sentence(op.anchor)}delete {_anchor(op.anchor)} and insert {quote(op.new.text)}"
        return f"{_where(op.target)}{body}."
    if isinstance(op, DeleteWords):
        return f"{_where(op.target)}{_sentence(op.anchor)}delete {_anchor(op.anchor)}."
    if isinstance(op, InsertWords):
        if op.anchor is None:
            edge = "end" if op.position is Position.END else "start"
            if op.sentence is not None:
                where = f"at the {edge} of the {ordinal(op.sentence)} sentence, "
                return f"{_where(op.target)}{where}insert {quote(op.new.text)}."
            return f"{_where(op.target)}at the {edge} insert {quote(op.new.text)}."
        body = f"{op.position.value} {_anchor(op.anchor)} insert {quote(op.new.text)}"
        return f"{_where(op.target)}{_sentence(op.anchor)}{body}."
    if isinstance(op, ReplaceQuoted):
        return f"{_where(op.target)}delete these words and replace them with {quote(op.new.text)}."
    if isinstance(op, ReplaceSentence):
        which = f", which reads {quote(op.expected.text)}," if op.expected else ""
        body = f"replace the {ordinal(op.sentence)} sentence{which} with {quote(op.new.text)}"
        return f"{_where(op.target)}{body}."
    if isinstance(op, InsertProvision):
        new = op.parent.address.child(op.label)
        place = ""
        if op.after is not None:
            place = f" after {op.after.address.long()}"
        elif op.before is not None:
            place = f" before {op.before.address.long()}"
        renumber = " and renumber accordingly" if op.renumber else ""
        return f"Insert a new {new.long()}{place} as follows: {quote(op.text.text)}{renumber}."
    if isinstance(op, ReplaceProvisions):
        return f"Replace {_targets(op.targets)} with the following: {quote(op.text.text)}."
    if isinstance(op, DeleteProvisions):
        renumber = " and renumber accordingly" if op.renumber else ""
        return f"Delete {_targets(op.targets)}{renumber}."
    assert isinstance(op, Consequential)
    where = f" wherever {quote(op.words.text)} is mentioned" if op.words else ""
    return f"Consequential amendments{where}."


def canonical(motion: Motion) -> str:
    """The motion in canonical drafting wording; `parse_motion` of it gives an equal motion.

    Free-text heading lines come first, as written; then the header lines (an empty value is
    kept: `Proposer:` reads back as an empty proposer, not a missing one), the location and its
    current text, the operations, the stated result and the argument.
    """
    header = motion.header
    lines = list(header.heading)
    for key, value in (
        ("Title", header.title), ("Proposer", header.proposer), ("Rule Book", header.edition),
        ("Card vote", header.card_vote), ("Package", header.package),
    ):  # fmt: skip
        if value is not None:
            lines.append(f"{key}: {value}".rstrip())
    lines.extend(f"{key}: {value}".rstrip() for key, value in header.extra)
    if lines:
        lines.append("")
    if motion.location is not None:
        where = motion.location.address.long()
        if motion.location.page is not None:
            where += f" (page {motion.location.page})"
        if motion.reads is not None:
            lines.append(f"{where} reads as follows: {quote(motion.reads.text)}")
        else:
            lines.append(f"{where}.")
        lines.append("")
    lines.append("Amendment")
    lines.extend(motion.statements)
    lines.extend(canonical_operation(op) for op in motion.operations)
    if motion.will_read is not None:
        lines += ["", f"The amended rule will read: {quote(motion.will_read.text)}"]
    if motion.argument:
        lines += ["", "Supporting argument", motion.argument]
    return "\n".join(lines) + "\n"


def canonical_file(motions: Iterable[Motion]) -> str:
    """Every motion of a file in canonical wording, separated by lines of dashes."""
    return "\n---\n\n".join(canonical(m) for m in motions)


def _shown(quoted: str, width: int = 400) -> str:
    return quote(quoted if len(quoted) <= width else quoted[: width - 1] + "…")


def explain(motion: Motion) -> str:
    """How the motion was read: heading, headers, location, current text, one operation a line
    in canonical wording (each with the provision it acts on), stated result, argument."""
    header = motion.header
    lines = [f"== {motion.source}"]
    if header.heading:
        lines.append("heading:        " + " / ".join(header.heading))
    for key, value in (
        ("title", header.title), ("proposer", header.proposer), ("rule book", header.edition),
        ("card vote", header.card_vote), ("package", header.package), *header.extra,
    ):  # fmt: skip
        if value is not None:
            lines.append(f"{(key.lower() + ':'):<16}{value}")
    if motion.location is not None:
        page = f" (page {motion.location.page})" if motion.location.page else ""
        lines.append(f"location:       {motion.location.address.long()}{page}")
    else:
        lines.append("location:       none: each operation names its own")
    if motion.reads is not None:
        lines.append(f"current text:   {_shown(motion.reads.text)}")
    for statement in motion.statements:
        lines.append(f"no change:      {statement}")
    lines.append("operations:")
    for op in motion.operations:
        own = getattr(op, "target", None)
        if (
            own is None
            and motion.location is not None
            and not isinstance(
                op, InsertProvision | ReplaceProvisions | DeleteProvisions | Consequential
            )
        ):
            op = attrs.evolve(op, target=motion.location)
        lines.append(f"  {canonical_operation(op)}")
    if motion.will_read is not None:
        lines.append(f"stated result:  {_shown(motion.will_read.text)}")
    if motion.argument:
        first = motion.argument.strip().splitlines()[0]
        more = " …" if len(motion.argument.strip().splitlines()) > 1 else ""
        lines.append(f"argument:       {first[:100]}{more}")
    return "\n".join(lines) + "\n"


# -- reports of carried motions -----------------------------------------------------------------


def _title(motion: Motion) -> str:
    header = motion.header
    pieces = [motion.source]
    if header.card_vote:
        pieces.append(f"CV {header.card_vote}")
    if header.title:
        pieces.append(header.title)
    if header.proposer:
        pieces.append(header.proposer)
    return " · ".join(pieces)


def _after_text(change: Change) -> str:
    return change.redline.after


def _change_heading(change: Change) -> str:
    address = change.address
    moved = (
        f" (was {change.original.compact()})"
        if change.original is not None and change.original != address
        else ""
    )
    kind = "" if change.kind == "amended" else f" [{change.kind}]"
    return f"{address.long()}{moved}{kind}"


def _label_prefix(change: Change) -> str:
    if change.kind != "amended":
        return ""
    level = change.address.level
    parent = change.address.parent
    return level.marker(change.address.label, parent.label if parent else "") + " "


def report_text(amended: Amended, *, colour: bool = False) -> str:
    """What `motions diff` prints for one motion."""
    lines = [f"== {_title(amended.motion)}"]
    if not amended.applied:
        lines.append("This motion cannot be applied as drafted:")
    for change in amended.changes:
        lines += ["", _change_heading(change), ""]
        prefix = _label_prefix(change)
        body = redlines.terminal(change.redline, colour=colour)
        lines += ["  " + line for line in (prefix + body).splitlines() or [""]]
    if amended.applied and amended.changes:
        will_read = [c for c in amended.changes if c.kind != "deleted"]
        if will_read:
            several = len(will_read) > 1
            lines += [
                "",
                "The amended rules will read:" if several else "The amended rule will read:",
            ]
            for change in will_read:
                if several:
                    lines.append(f"  {change.address.long()}")
                text = _label_prefix(change) + _after_text(change)
                lines += ["  " + line for line in text.splitlines()]
    if amended.renumbering:
        lines += ["", "Renumbered:"]
    for old, new in amended.renumbering[:12]:
        lines.append(f"  {old.compact()} → {new.compact()}")
    if len(amended.renumbering) > 12:
        lines.append(f"  … and {len(amended.renumbering) - 12} more")
    lines.extend(_confirmations(amended))
    if amended.diagnostics:
        lines.append("")
        lines.extend(d.format() for d in amended.diagnostics)
    return "\n".join(lines) + "\n"


def _confirmations(amended: Amended) -> list[str]:
    """The checks a drafter wants to see passed, not only the ones that failed."""
    codes = {d.code for d in amended.diagnostics}
    book = f"{amended.rulebook.title} ({amended.rulebook.edition})"
    out = []
    if (
        amended.motion.reads is not None
        and "reads-stale" not in codes
        and "address-absent" not in codes
    ):
        out.append(f"✓ the quoted current text matches {book}")
    if (
        amended.motion.will_read is not None
        and amended.applied
        and "will-read-mismatch" not in codes
        and "will-read-unchecked" not in codes
    ):
        out.append("✓ 'the amended rule will read' matches the result")
    return ["", *out] if out else []


def report_markdown(amended: Amended) -> str:
    """One motion's report in Markdown, every text from the motion or the book escaped."""
    lines = [f"## {md_escape(_title(amended.motion))}", ""]
    if not amended.applied:
        lines += ["**This motion cannot be applied as drafted.**", ""]
    for change in amended.changes:
        lines += [f"**{md_escape(_change_heading(change))}**", ""]
        body = md_escape(_label_prefix(change)) + redlines.markdown(change.redline)
        lines += ["> " + line for line in body.splitlines()] + [""]
        if change.kind != "deleted":
            lines += ["*Will read:*", ""]
            after = md_escape(_label_prefix(change) + _after_text(change))
            lines += ["> " + line for line in after.splitlines()]
            lines.append("")
    for diagnostic in amended.diagnostics:
        where = f"{code(diagnostic.span.where())} " if diagnostic.span else ""
        message = md_escape(diagnostic.message)
        lines.append(f"- {where}**{diagnostic.severity.value}** {message}")
        if diagnostic.hint:
            lines.append(f"  - {md_escape(diagnostic.hint)}")
    return "\n".join(lines).rstrip() + "\n"


_HTML_STYLE = """
body{font-family:system-ui,sans-serif;max-width:46rem;margin:1rem auto;padding:0 1rem;
line-height:1.5}
del{color:#a00;text-decoration:line-through}ins{color:#060;text-decoration:underline;background:#efe}
.change{border-left:4px solid #ccc;padding:.2rem .8rem;margin:.5rem 0;white-space:pre-wrap}
.diag{font-family:monospace;white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
"""


def report_html(amended_list: Iterable[Amended], *, title: str = "Rule changes") -> str:
    """A self-contained HTML page of redlines (every text escaped)."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width,initial-scale=1'>",
        f"<title>{html.escape(title)}</title><style>{_HTML_STYLE}</style></head><body>",
    ]
    for amended in amended_list:
        parts.append(f"<section><h2>{html.escape(_title(amended.motion))}</h2>")
        if not amended.applied:
            parts.append("<p><strong>This motion cannot be applied as drafted.</strong></p>")
        for change in amended.changes:
            parts.append(f"<h3>{html.escape(_change_heading(change))}</h3>")
            prefix = html.escape(_label_prefix(change))
            parts.append(
                f"<div class='change'>{prefix}{redlines.html_fragment(change.redline)}</div>"
            )
            if change.kind != "deleted":
                after = html.escape(_label_prefix(change) + _after_text(change))
                parts.append(f"<p><em>Will read:</em></p><div class='change'>{after}</div>")
        for diagnostic in amended.diagnostics:
            parts.append(f"<div class='diag'>{html.escape(diagnostic.format())}</div>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def report_unified(amended: Amended) -> str:
    return "".join(
        redlines.unified(change.redline, name=change.address.compact())
        for change in amended.changes
    )


def report_json_data(amended: Amended) -> dict[str, object]:
    """One motion's entry in the `motions.redlines/1` document."""
    return amended_data(amended)


def report_json(amended_list: Iterable[Amended]) -> str:
    return dumps(redlines_document(amended_list))
