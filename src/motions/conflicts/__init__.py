"""The conflict checker: which motions on an agenda interact, what happens, and what to do.

    from motions.conflicts import check
    report = check(rulebook, motions)                 # every finding, then all carried
    for finding in report.findings:
        print(finding.code, finding.message, finding.remedy)

`check` resolves each motion against the book on its own (`analyse`), indexes what each one
reads and writes by provision, and reports collisions, motions that fall, compatible pairs,
duplicates, broken cross-references, renumbering shifts and admissibility problems (including
the three-year rule against a `Decisions` record); then it carries the whole agenda in the
order conference takes it. `dependency_graph` (in `motions.conflicts.graph`, the only module
that imports networkx) gives the same relations as a graph for other tools.
"""

from __future__ import annotations

from motions.conflicts.agenda import Agenda
from motions.conflicts.check import analyse, check, report_on
from motions.conflicts.decisions import Decisions, DecisionsError, load_decisions, parse_decisions
from motions.conflicts.effects import Effect
from motions.conflicts.model import (
    Carried,
    Citation,
    Code,
    Decision,
    Entry,
    Falls,
    Finding,
    MotionRedline,
    Reason,
    Report,
)
from motions.conflicts.precedence import Precedence

__all__ = [
    "Agenda",
    "Carried",
    "Citation",
    "Code",
    "Decision",
    "Decisions",
    "DecisionsError",
    "Effect",
    "Entry",
    "Falls",
    "Finding",
    "MotionRedline",
    "Precedence",
    "Reason",
    "Report",
    "analyse",
    "check",
    "load_decisions",
    "parse_decisions",
    "report_on",
]
