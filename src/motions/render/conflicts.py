"""A conflict report as text grouped by card vote, as JSON, and the dependency graph's formats.

The JSON has a stable, versioned shape, documented in docs/conflicts.md ("schema":
"motions.conflicts/1"): fields are only ever added within a version.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from motions.conflicts.agenda import Agenda
from motions.conflicts.model import Code, Finding, Report
from motions.conflicts.plain import exit_status, finding_json, report_data, shown
from motions.contract import schema_id
from motions.drafting.redline import Kind, Redline, Segment
from motions.errors import Severity
from motions.render.redline import terminal

SCHEMA = schema_id("conflicts")
__all__ = ["SCHEMA", "exit_status", "finding_json", "report_data", "shown"]


def excerpt(redline: Redline, context: int = 60, longest: int = 200) -> Redline:
    """The redline with long unchanged stretches cut to `context` characters around changes,
    and deleted or inserted stretches longer than `longest` cut short."""
    segments = list(redline.segments)
    out: list[Segment] = []
    for i, segment in enumerate(segments):
        if segment.kind is not Kind.SAME:
            text = segment.text
            if len(text) > longest:
                text = text[: longest - 20].rsplit(" ", 1)[0] + f" … ({len(text)} characters)"
            out.append(Segment(segment.kind, text))
            continue
        if len(segment.text) <= 2 * context + 1:
            out.append(segment)
            continue
        text = segment.text
        head = text[:context] if i > 0 else ""
        tail = text[-context:] if i < len(segments) - 1 else ""
        head = head.rsplit(" ", 1)[0] + " " if head and " " in head else head
        tail = " " + tail.split(" ", 1)[1] if tail and " " in tail else tail
        out.append(Segment(Kind.SAME, f"{head}…{tail}"))
    return Redline(tuple(out))


# -- text -------------------------------------------------------------------------------------


def _counts(findings: tuple[Finding, ...]) -> str:
    counted = Counter(f.code for f in findings)
    return ", ".join(f"{c.value} {counted[c]}" for c in Code if counted[c])


def _finding_text(
    labels: dict[int, str], number: int, finding: Finding, *, colour: bool, verbose: bool
) -> list[str]:
    lines = [f"  [#{number}] {finding.severity.value} {finding.code.value}: {finding.message}"]
    lines.append(f"       remedy: {finding.remedy}")
    for item in finding.redlines:
        text = terminal(excerpt(item.redline), colour=colour).replace("\n", " / ")
        lines.append(f"       {labels[item.motion]} in {item.provision.compact()}: {text}")
    for old, new in finding.retarget:
        lines.append(f"       re-target: {old.compact()} → {new.compact()}")
    if verbose:
        for provision, text in finding.result:
            lines.append(f"       {provision.compact()} after both: {text}")
        for diagnostic in finding.diagnostics:
            where = f" ({diagnostic.span.where()})" if diagnostic.span is not None else ""
            lines.append(
                f"       {diagnostic.severity.value}[{diagnostic.code}]{where}: "
                f"{diagnostic.message}"
            )
    return lines


def report_text(report: Report, *, verbose: bool = False, colour: bool = False) -> str:
    """The report for delegates and drafters: one section per card vote, in the order taken."""
    findings = shown(report, verbose)
    labels = {e.index: e.label for e in report.entries}
    # Each card vote's findings, found through the motions they name: a search of every finding
    # for every card vote took hours at 100,000 motions.
    touching: dict[int, list[int]] = defaultdict(list)  # motion → positions in `findings`
    for position, finding in enumerate(findings):
        for index in set(finding.motions):
            touching[index].append(position)
    book = report.rulebook
    groups = report.card_votes()
    lines = [
        f"Conflict check: {len(report.entries)} motions, {len(groups)} card votes, against "
        f"{book.title} ({book.edition})",
        f"Order of business: {report.precedence}.",
        f"Found: {_counts(findings) or 'nothing'}.",
        "",
    ]
    for key, entries in groups:
        indexes = {e.index for e in entries}
        titles = {e.title for e in entries if e.title}
        heading = key if key.startswith("CV") else "No card vote"
        if len(titles) == 1:
            heading += f": {titles.pop()}"
        lines.append(heading)
        for entry in entries:
            lines.append(f"  {entry.label}: {entry.source}")
        mine = sorted({p for index in indexes for p in touching.get(index, ())})
        for position in mine:
            lines.extend(
                _finding_text(
                    labels, position + 1, findings[position], colour=colour, verbose=verbose
                )
            )
        if not mine:
            lines.append("  no findings")
        lines.append("")
    isolated = report.isolated()
    if isolated:
        lines.append("Interact with no other motion: " + ", ".join(e.label for e in isolated) + ".")
        lines.append("")
    carried = report.carried
    if carried is not None:
        lines.append(f"All carried ({report.precedence}):")
        lines.append(
            f"  {len(carried.applied)} of {len(carried.order)} motions can be applied together."
        )
        if carried.failed:
            lines.append("  Cannot then be applied:")
            for index, diagnostics in carried.failed:
                reason = diagnostics[0].message if diagnostics else "it does not apply"
                lines.append(f"    {labels[index]}: {reason}")
        lines.append(
            f"  The resulting edition ({carried.rulebook.edition}): {carried.amended} text "
            f"amendments, {carried.inserted} provisions inserted, {carried.deleted} deleted, "
            f"{carried.replaced} replaced, {carried.renumbered} renumbered."
        )
        lines.append("")
    counted = report.counted()
    errors = sum(1 for f in counted if f.severity is Severity.ERROR)
    warnings = len(counted) - errors
    if exit_status(report):
        lines.append(f"Conflicts: {errors} errors, {warnings} warnings (exit status 1).")
    else:
        lines.append("No conflicts (exit status 0).")
    return "\n".join(lines) + "\n"


# -- JSON -------------------------------------------------------------------------------------


def report_json(report: Report, *, verbose: bool = False) -> str:
    return json.dumps(report_data(report, verbose=verbose), indent=2, ensure_ascii=False) + "\n"


# -- the dependency graph ---------------------------------------------------------------------


def graph_document(
    agenda: Agenda, report: Report | None, fmt: str, *, touched_only: bool = False
) -> str:
    """The dependency graph as GraphML, DOT or node-link JSON (built and written by networkx in
    `motions.conflicts.graph`, the only module that imports it; imported here, not at the top,
    so that other commands do not pay for importing networkx)."""
    from motions.conflicts.graph import dependency_graph, export

    return export(dependency_graph(agenda, report, touched_only=touched_only), fmt)
