"""A conflict report as text grouped by card vote, as JSON, and the dependency graph's formats.

The JSON has a stable, versioned shape, documented in docs/conflicts.md ("schema":
"motions.conflicts/1"): fields are only ever added within a version.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from motions.conflicts.agenda import Agenda
from motions.conflicts.model import Code, Finding, Report
from motions.conflicts.plain import exit_status, finding_json, report_data, shown
from motions.contract import dumps, schema_id
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
    return "".join(report_lines(report, verbose=verbose, colour=colour))


def report_lines(report: Report, *, verbose: bool = False, colour: bool = False) -> Iterator[str]:
    """`report_text` a line at a time, each with its newline: `motions check` prints them as
    they come (at 100,000 motions the whole text, held at once with its lines, was 170 MiB
    more at the command's peak)."""
    findings = shown(report, verbose)
    labels = {e.index: e.label for e in report.entries}
    # Each card vote's findings, found through the motions they name: searching every finding
    # for every card vote had not finished after 12 minutes at 100,000 motions.
    touching: dict[int, list[int]] = defaultdict(list)  # motion → positions in `findings`
    for position, finding in enumerate(findings):
        for index in set(finding.motions):
            touching[index].append(position)
    book = report.rulebook
    groups = report.card_votes()
    yield (
        f"Conflict check: {len(report.entries)} motions, {len(groups)} card votes, against "
        f"{book.title} ({book.edition})\n"
    )
    yield f"Order of business: {report.precedence}.\n"
    yield f"Found: {_counts(findings) or 'nothing'}.\n"
    yield "\n"
    for key, entries in groups:
        indexes = {e.index for e in entries}
        titles = {e.title for e in entries if e.title}
        heading = key if key.startswith("CV") else "No card vote"
        if len(titles) == 1:
            heading += f": {titles.pop()}"
        yield heading + "\n"
        for entry in entries:
            yield f"  {entry.label}: {entry.source}\n"
        mine = sorted({p for index in indexes for p in touching.get(index, ())})
        for position in mine:
            for line in _finding_text(
                labels, position + 1, findings[position], colour=colour, verbose=verbose
            ):
                yield line + "\n"
        if not mine:
            yield "  no findings\n"
        yield "\n"
    isolated = report.isolated()
    if isolated:
        yield "Interact with no other motion: " + ", ".join(e.label for e in isolated) + ".\n"
        yield "\n"
    carried = report.carried
    if carried is not None:
        yield f"All carried ({report.precedence}):\n"
        yield (
            f"  {len(carried.applied)} of {len(carried.order)} motions can be applied together.\n"
        )
        if carried.failed:
            yield "  Cannot then be applied:\n"
            for index, diagnostics in carried.failed:
                reason = diagnostics[0].message if diagnostics else "it does not apply"
                yield f"    {labels[index]}: {reason}\n"
        yield (
            f"  The resulting edition ({carried.rulebook.edition}): {carried.amended} text "
            f"amendments, {carried.inserted} provisions inserted, {carried.deleted} deleted, "
            f"{carried.replaced} replaced, {carried.renumbered} renumbered.\n"
        )
        yield "\n"
    counted = report.counted()
    errors = sum(1 for f in counted if f.severity is Severity.ERROR)
    warnings = len(counted) - errors
    if exit_status(report):
        yield f"Conflicts: {errors} errors, {warnings} warnings (exit status 1).\n"
    else:
        yield "No conflicts (exit status 0).\n"


# -- JSON -------------------------------------------------------------------------------------


def report_json(report: Report, *, verbose: bool = False) -> str:
    return dumps(report_data(report, verbose=verbose))


# -- the dependency graph ---------------------------------------------------------------------


def graph_document(
    agenda: Agenda, report: Report | None, fmt: str, *, touched_only: bool = False
) -> str:
    """The dependency graph as GraphML, DOT or node-link JSON (built and written by networkx in
    `motions.conflicts.graph`, the only module that imports it; imported here, not at the top,
    so that other commands do not pay for importing networkx)."""
    from motions.conflicts.graph import dependency_graph, export

    return export(dependency_graph(agenda, report, touched_only=touched_only), fmt)
