"""A conflict report as plain data: the `motions.conflicts/1` document of `motions check
--format json` and of `Report.to_dict()` (docs/json.md). Fields are only ever added within a
version."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from motions.contract import envelope
from motions.errors import Severity

if TYPE_CHECKING:
    from motions.conflicts.model import Finding, Report
    from motions.drafting.redline import Redline


def shown(report: Report, verbose: bool) -> tuple[Finding, ...]:
    """The findings a report shows: notes (compatible pairs) only when verbose."""
    return tuple(f for f in report.findings if verbose or f.severity is not Severity.NOTE)


def exit_status(report: Report) -> int:
    """1 when anything conflicts (an error or warning, or a motion that fails when all are
    carried); 0 when clean."""
    return 1 if report.conflicts else 0


def _segments(redline: Redline) -> list[dict[str, str]]:
    return redline.to_json()


def finding_json(number: int, finding: Finding) -> dict[str, object]:
    falls = finding.falls
    decision = finding.decision
    return {
        "id": number,
        "code": finding.code.value,
        "family": finding.family,
        "severity": finding.severity.value,
        "motions": list(finding.motions),
        "provisions": [p.compact() for p in finding.provisions],
        "message": finding.message,
        "remedy": finding.remedy,
        "falls": None
        if falls is None
        else {"motion": falls.motion, "if_carried": falls.if_carried, "reason": falls.reason.value},
        "words": finding.words,
        "redlines": [
            {
                "motion": r.motion,
                "provision": r.provision.compact(),
                "before": r.redline.before,
                "after": r.redline.after,
                "segments": _segments(r.redline),
            }
            for r in finding.redlines
        ],
        "retarget": [{"from": old.compact(), "to": new.compact()} for old, new in finding.retarget],
        "citations": [
            {
                "cited": c.cited.compact(),
                "text": c.text,
                "provision": c.provision.compact(),
                "motion": c.motion,
                "now": c.now.compact() if c.now is not None else None,
            }
            for c in finding.citations
        ],
        "decision": None
        if decision is None
        else {
            "year": decision.year,
            "address": decision.address.compact(),
            "outcome": decision.outcome,
            "title": decision.title,
        },
        "result": [{"provision": p.compact(), "text": t} for p, t in finding.result],
        "diagnostics": [d.to_json() for d in finding.diagnostics],
    }


def report_data(report: Report, *, verbose: bool = False) -> dict[str, object]:
    findings = shown(report, verbose)
    carried = report.carried
    counted = Counter(f.code.value for f in findings)
    return envelope(
        "conflicts",
        {
            "rulebook": {"title": report.rulebook.title, "edition": report.rulebook.edition},
            "precedence": report.precedence,
            "motions": [
                {
                    "id": e.index,
                    "rank": e.rank,
                    "label": e.label,
                    "source": e.source,
                    "title": e.title,
                    "proposer": e.motion.header.proposer,
                    "card_vote": e.card_vote,
                    "package": e.motion.header.package,
                    "nec": e.is_nec,
                    "applies": e.applies,
                    "provisions": [p.compact() for p in e.provisions],
                }
                for e in report.entries
            ],
            "card_votes": [
                {
                    "card_vote": entries[0].card_vote,
                    "motions": [e.index for e in entries],
                }
                for _, entries in report.card_votes()
            ],
            "findings": [finding_json(n, f) for n, f in enumerate(findings, start=1)],
            "isolated": [e.index for e in report.isolated()],
            "carried": None
            if carried is None
            else {
                "order": list(carried.order),
                "applied": list(carried.applied),
                "failed": [
                    {"motion": index, "diagnostics": [d.to_json() for d in diagnostics]}
                    for index, diagnostics in carried.failed
                ],
                "edition": carried.rulebook.edition,
                "amended": carried.amended,
                "inserted": carried.inserted,
                "deleted": carried.deleted,
                "replaced": carried.replaced,
                "renumbered": carried.renumbered,
            },
            "summary": {
                "by_code": dict(sorted(counted.items())),
                "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
                "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
                "notes": sum(1 for f in findings if f.severity is Severity.NOTE),
                "exit_status": exit_status(report),
            },
        },
    )
